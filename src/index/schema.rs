//! The tantivy schema dateline writes, its tokenizers, and the handles to its fields.
//!
//! Text fields are analysed with `dateline_en` (words, lower-cased, accents folded, English
//! stemming, positions kept so phrases work). Speaker names use `dateline_name` (folded but
//! not stemmed). `lead` holds the opening words of the body (its first [`LEAD_POSITIONS`]
//! positions), indexed with frequencies only, so ranking can favour a word in an article's
//! lead without reading positions. `id` and `path` are exact-match keys; `path`, `file_*`,
//! `day` and `instant` are fast fields so bookkeeping, filters, sorting and stats read
//! columns instead of stored documents.
//!
//! An article's date is stored as the publisher wrote it: `day` is its calendar day as a day
//! number (days since 1970-01-01, so every year from 1 to 9999 fits), `time` the time of
//! day and UTC offset as written (`23:30:00-08:00`), and `instant` the moment both name, in
//! seconds since the epoch, when the offset is known.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
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
pub const SCHEMA_VERSION: &str = "dateline-schema-4";
/// Words this long (in bytes) or longer are not indexed (URLs, hashes, runs of letters).
pub const MAX_TOKEN_BYTES: usize = 48;
/// The lead of an article: the body positions `0..LEAD_POSITIONS` (its opening words).
pub const LEAD_POSITIONS: usize = 30;

/// The schema's field names, in one place (tantivy addresses fast-field columns by name).
pub mod name {
    pub const ID: &str = "id";
    pub const PATH: &str = "path";
    pub const HEADLINE: &str = "headline";
    pub const BYLINE: &str = "byline";
    pub const BODY: &str = "body";
    pub const LEAD: &str = "lead";
    pub const QUOTES: &str = "quotes";
    pub const SPEAKER: &str = "speaker";
    /// The article's own calendar day, as a day number.
    pub const DAY: &str = "day";
    /// The time of day and offset as written (stored only).
    pub const TIME: &str = "time";
    /// Seconds since the epoch of the day and time, when the offset is known.
    pub const INSTANT: &str = "instant";
    pub const POSTED_BY: &str = "posted_by";
    pub const SOURCE: &str = "source";
    pub const URL: &str = "url";
    pub const QUOTES_JSON: &str = "quotes_json";
    pub const FILE_SIZE: &str = "file_size";
    pub const FILE_MTIME: &str = "file_mtime";
    pub const FILE_HASH: &str = "file_hash";
    /// The article's MinHash signature, packed (see `crate::story::copies`).
    pub const MINHASH: &str = "minhash";
}

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
    pub day: Field,
    pub time: Field,
    pub instant: Field,
    pub posted_by: Field,
    pub source: Field,
    pub url: Field,
    pub quotes_json: Field,
    pub file_size: Field,
    pub file_mtime: Field,
    pub file_hash: Field,
    pub minhash: Field,
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
    b.add_text_field(name::ID, STRING | STORED);
    b.add_text_field(name::PATH, STRING | STORED | FAST);
    b.add_text_field(name::HEADLINE, text(true, TEXT_TOKENIZER));
    b.add_text_field(name::BYLINE, text(true, TEXT_TOKENIZER));
    b.add_text_field(name::BODY, text(true, TEXT_TOKENIZER));
    // Frequencies only, no positions or field lengths: ranking reads how often a word
    // occurs in the lead, nothing else.
    b.add_text_field(
        name::LEAD,
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TEXT_TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqs)
                .set_fieldnorms(false),
        ),
    );
    b.add_text_field(name::QUOTES, text(false, TEXT_TOKENIZER));
    b.add_text_field(name::SPEAKER, text(false, NAME_TOKENIZER));
    b.add_i64_field(name::DAY, INDEXED | STORED | FAST);
    b.add_text_field(name::TIME, STORED);
    b.add_i64_field(name::INSTANT, FAST);
    b.add_text_field(name::POSTED_BY, STORED);
    b.add_text_field(name::SOURCE, STORED);
    b.add_text_field(name::URL, STORED);
    b.add_text_field(name::QUOTES_JSON, STORED);
    b.add_u64_field(name::FILE_SIZE, FAST);
    b.add_u64_field(name::FILE_MTIME, FAST);
    b.add_u64_field(name::FILE_HASH, FAST);
    b.add_u64_field(name::MINHASH, FAST);
    b.build()
}

impl Fields {
    /// Resolves field handles by name; fails if the schema is not dateline's.
    pub fn resolve(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: f(name::ID)?,
            path: f(name::PATH)?,
            headline: f(name::HEADLINE)?,
            byline: f(name::BYLINE)?,
            body: f(name::BODY)?,
            lead: f(name::LEAD)?,
            quotes: f(name::QUOTES)?,
            speaker: f(name::SPEAKER)?,
            day: f(name::DAY)?,
            time: f(name::TIME)?,
            instant: f(name::INSTANT)?,
            posted_by: f(name::POSTED_BY)?,
            source: f(name::SOURCE)?,
            url: f(name::URL)?,
            quotes_json: f(name::QUOTES_JSON)?,
            file_size: f(name::FILE_SIZE)?,
            file_mtime: f(name::FILE_MTIME)?,
            file_hash: f(name::FILE_HASH)?,
            minhash: f(name::MINHASH)?,
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
