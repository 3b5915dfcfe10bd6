//! The tantivy schema dateline writes, its tokenizers, and the handles to its fields.
//!
//! Text fields are analysed with `dateline_en` (words, lower-cased, accents folded, English
//! stemming, positions kept so phrases work). Speaker names use `dateline_name` (folded but
//! not stemmed). `id` and `path` are exact-match keys; `path`, `file_*` and `date` are fast
//! fields so bookkeeping, sorting and stats read columns instead of stored documents.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::Index;

use super::stem::CachedEnglishStemmer;

/// Tokenizer name for article text.
pub const TEXT_TOKENIZER: &str = "dateline_en";
/// Tokenizer name for speaker names.
pub const NAME_TOKENIZER: &str = "dateline_name";
/// Written into every commit; an index without it (or with another) is not ours.
pub const SCHEMA_VERSION: &str = "dateline-schema-1";
/// Words this long (in bytes) or longer are not indexed (URLs, hashes, runs of letters).
pub const MAX_TOKEN_BYTES: usize = 48;

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub path: Field,
    pub headline: Field,
    pub byline: Field,
    pub body: Field,
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
    fn name_analyzer_does_not_stem() {
        let mut a = name_analyzer();
        assert_eq!(tokens(&mut a, "John Kirby"), vec!["john", "kirby"]);
    }
}
