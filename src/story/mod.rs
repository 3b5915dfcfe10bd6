//! Following a story: coverage over time ([`timeline`]), who is quoted ([`speakers`], with
//! spellings merged by [`names`]), and their terminal rendering ([`output`]).

pub mod names;
pub mod output;
pub mod speakers;
pub mod timeline;
