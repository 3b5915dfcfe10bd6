//! English stop words, dropped from plain-word queries (never from the index, so phrases
//! that contain them still match in order).
//!
//! The list is Snowball's English stop list, plus the pieces our tokenizer makes of
//! contractions (`isn't` → `isn`, `t`) and a few question words of typed requests.

/// Snowball's English stop words (lower case, apostrophes split as the tokenizer splits them).
const WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "aren",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "could",
    "couldn",
    "d",
    "did",
    "didn",
    "do",
    "does",
    "doesn",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "hadn",
    "has",
    "hasn",
    "have",
    "haven",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "isn",
    "it",
    "its",
    "itself",
    "just",
    "ll",
    "m",
    "me",
    "more",
    "most",
    "mustn",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "ought",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "re",
    "s",
    "same",
    "shan",
    "she",
    "should",
    "shouldn",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "ve",
    "very",
    "was",
    "wasn",
    "we",
    "were",
    "weren",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "won",
    "would",
    "wouldn",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Words of the request itself rather than its subject ("are there any papers available
/// on …", "please find articles that discuss …"): dropped from typed queries too.
const REQUEST_WORDS: &[&str] = &[
    "also", "anyone", "anything", "article", "articles", "available", "describe", "described",
    "describing", "discuss", "discussed", "discusses", "discussing", "e", "etc", "find", "g",
    "give", "interested", "know", "like", "looking", "need", "paper", "papers", "please",
    "possible", "regarding", "show", "tell", "want", "wanted", "whether",
];

/// True when `word` (lower-cased and folded, not stemmed) is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    WORDS.binary_search(&word).is_ok()
}

/// True when `word` is a stop word or a word of the request rather than of its subject.
pub fn is_query_stop_word(word: &str) -> bool {
    is_stop_word(word) || REQUEST_WORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_for_binary_search() {
        assert!(
            WORDS.windows(2).all(|w| w[0] < w[1]),
            "WORDS must stay sorted"
        );
    }

    #[test]
    fn recognises_stop_words_only() {
        for (w, stop) in [
            ("the", true),
            ("what", true),
            ("are", true),
            ("effects", false),
            ("rocket", false),
        ] {
            assert_eq!(is_stop_word(w), stop, "{w}");
        }
    }
}
