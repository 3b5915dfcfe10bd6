//! Following a story: coverage over time ([`timeline`]), who is quoted ([`speakers`], with
//! spellings merged by [`names`]), syndicated copies grouped and folded ([`copies`]), related
//! articles ([`similar`]), typos ([`typos`]), and
//! their terminal rendering ([`output`]).

pub mod copies;
pub mod names;
pub mod output;
pub mod similar;
pub mod speakers;
pub mod timeline;
pub mod typos;
