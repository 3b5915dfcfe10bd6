//! Following a story: coverage over time ([`timeline`]) and its terminal rendering
//! ([`output`]).

pub mod output;
pub mod timeline;
