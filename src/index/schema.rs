//! The tantivy schema dateline writes, its tokenizers, and the handles to its fields.
//!
//! Text fields are analysed with `dateline_en` (words, lower-cased, accents folded, English
//! stemming, positions kept so phrases work). Speaker names use `dateline_name` (folded but
//! not stemmed). `lead` holds the opening words of the body (its first [`LEAD_POSITIONS`]
//! positions), indexed with frequencies only, so ranking can favour a word in an article's
//! lead without reading positions. `id` and `path` are exact-match keys; `path`, `file_*`
//! and `date` are fast fields so bookkeeping, sorting and stats read columns instead of
//! stored documents.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream,
    Tokenizer,
};
use tantivy::Index;

use super::stem::CachedEnglishStemmer;

/// Tokenizer name for article text.
pub const TEXT_TOKENIZER: &str = "dateline_en";
/// Tokenizer name for speaker names.
pub const NAME_TOKENIZER: &str = "dateline_name";
/// Written into every commit; an index without it (or with another) is not ours.
pub const SCHEMA_VERSION: &str = "dateline-schema-2";
/// Words this long (in bytes) or longer are not indexed (URLs, hashes, runs of letters).
pub const MAX_TOKEN_BYTES: usize = 48;
/// The lead of an article: the body positions `0..LEAD_POSITIONS` (its opening words).
pub const LEAD_POSITIONS: usize = 30;

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub path: Field,
    pub headline: Field,
    pub byline: Field,
    pub body: Field,
    pub lead: Field,
    pub quotes: Field,
    pub speaker: Field,
    pub date: Field,
    pub posted_by: Field,
    pub source: Field,
    pub url: Field,
    pub quotes_json: Field,
    pub file_size: Field,
    pub file_mtime: Field,
    pub file_hash: Field,
}

/// Builds the schema dateline writes.
pub fn build() -> Schema {
    let mut b = Schema::builder();
    let text = |stored: bool, tokenizer: &str| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let opts = TextOptions::default().set_indexing_options(indexing);
        if stored {
            opts.set_stored()
        } else {
            opts
        }
    };
    b.add_text_field("id", STRING | STORED);
    b.add_text_field("path", STRING | STORED | FAST);
    b.add_text_field("headline", text(true, TEXT_TOKENIZER));
    b.add_text_field("byline", text(true, TEXT_TOKENIZER));
    b.add_text_field("body", text(true, TEXT_TOKENIZER));
    // Frequencies only, no positions or field lengths: ranking reads how often a word
    // occurs in the lead, nothing else.
    b.add_text_field(
        "lead",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TEXT_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqs)
                .set_fieldnorms(false),
        ),
    );
    b.add_text_field("quotes", text(false, TEXT_TOKENIZER));
    b.add_text_field("speaker", text(false, NAME_TOKENIZER));
    b.add_date_field(
        "date",
        DateOptions::from(INDEXED)
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    b.add_text_field("posted_by", STORED);
    b.add_text_field("source", STORED);
    b.add_text_field("url", STORED);
    b.add_text_field("quotes_json", STORED);
    b.add_u64_field("file_size", FAST);
    b.add_u64_field("file_mtime", FAST);
    b.add_u64_field("file_hash", FAST);
    b.build()
}

impl Fields {
    /// Resolves field handles by name; fails if the schema is not dateline's.
    pub fn resolve(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: f("id")?,
            path: f("path")?,
            headline: f("headline")?,
            byline: f("byline")?,
            body: f("body")?,
            lead: f("lead")?,
            quotes: f("quotes")?,
            speaker: f("speaker")?,
            date: f("date")?,
            posted_by: f("posted_by")?,
            source: f("source")?,
            url: f("url")?,
            quotes_json: f("quotes_json")?,
            file_size: f("file_size")?,
            file_mtime: f("file_mtime")?,
            file_hash: f("file_hash")?,
        })
    }
}

/// The analyzer for article text: words, folded, stemmed.
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(CachedEnglishStemmer)
        .build()
}

/// The opening of `body` that holds its first [`LEAD_POSITIONS`] positions. Positions are
/// counted by the text analyzer's first stage ([`SimpleTokenizer`]; its filters drop words
/// without renumbering), so the text analyzer yields for this prefix exactly the body's tokens
/// at positions below [`LEAD_POSITIONS`]: the cut falls at the end of a word.
pub fn lead(body: &str) -> &str {
    let mut tokenizer = SimpleTokenizer::default();
    let mut stream = tokenizer.token_stream(body);
    let mut end = 0;
    for _ in 0..LEAD_POSITIONS {
        if !stream.advance() {
            return body;
        }
        end = stream.token().offset_to;
    }
    body.get(..end).unwrap_or(body)
}

/// The analyzer for names: words, folded, not stemmed.
pub fn name_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Registers dateline's tokenizers on an index (needed after every open).
pub fn register_tokenizers(index: &Index) {
    index.tokenizers().register(TEXT_TOKENIZER, text_analyzer());
    index.tokenizers().register(NAME_TOKENIZER, name_analyzer());
}

/// The tokens `text` yields under `analyzer`, in order.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(tok) = stream.next() {
        out.push(tok.text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_analyzer_folds_and_stems() {
        let cases = [
            ("Strikes", vec!["strike"]),
            ("KIRBY", vec!["kirbi"]),
            ("Café résumé", vec!["cafe", "resum"]),
            ("al-Asad", vec!["al", "asad"]),
        ];
        let mut a = text_analyzer();
        for (input, want) in cases {
            assert_eq!(tokens(&mut a, input), want, "input {input:?}");
        }
    }

    #[test]
    fn the_lead_is_the_body_at_its_first_positions() {
        let words: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
        let long = words.join(", ");
        let thirty = words[..LEAD_POSITIONS].join(", ");
        // A word too long to index still takes a position.
        let with_long = format!("{} {}", "x".repeat(60), words.join(" "));
        let cases: Vec<(&str, &str)> = vec![
            ("", ""),
            ("Short body.", "Short body."),
            (&long, &thirty),
            (&with_long, &with_long[..with_long.find(" w29").unwrap()]),
        ];
        for (body, want) in cases {
            assert_eq!(lead(body), want, "body {body:?}");
        }
        // The analyzer's positions below LEAD_POSITIONS are exactly the lead's tokens.
        let mut a = text_analyzer();
        for body in [
            long.as_str(),
            with_long.as_str(),
            "Ça va? Très bien — merci!",
        ] {
            let mut in_lead = Vec::new();
            {
                let mut s = a.token_stream(body);
                while let Some(t) = s.next() {
                    if t.position < LEAD_POSITIONS {
                        in_lead.push(t.text.clone());
                    }
                }
            }
            assert_eq!(tokens(&mut a, lead(body)), in_lead, "body {body:?}");
        }
    }

    #[test]
    fn name_analyzer_does_not_stem() {
        let mut a = name_analyzer();
        assert_eq!(tokens(&mut a, "John Kirby"), vec!["john", "kirby"]);
    }
}
