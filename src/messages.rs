//! The one writer of standard error for the program's own messages (ripgrep's
//! `messages.rs`): notes and errors prefixed with the program's name, and problems with one
//! input named by its path. Results go to standard output through [`crate::output`] only.
//!
//! (Evaluation reports under `article/` print their tables to stderr from tests; they are
//! not the program's messages.)

use std::fmt::Display;

/// `dateline: TEXT`: a note, a warning or an error about the run as a whole.
pub fn note(text: impl Display) {
    eprintln!("dateline: {text}");
}

/// `SUBJECT: REASON`: a problem with one input (a file, a record), named as the user wrote
/// it.
pub fn about(subject: impl Display, reason: impl Display) {
    eprintln!("{subject}: {reason}");
}
