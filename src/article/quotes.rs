//! Direct quotations in a body of text, and who said them.

use super::Quote;

/// Extracts the direct quotations of an article body.
pub fn extract(_body: &str) -> Vec<Quote> {
    Vec::new()
}
