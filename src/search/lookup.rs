//! Finding one article by its id (for `dateline show` and `/api/show/{id}`): a term of the
//! id field, never a path, with its syndicated copies.

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, TantivyDocument, Term};

use crate::article::Article;
use crate::index::document::from_document;
use crate::index::store::{self, Store, StoreError};
use crate::story::copies::{self, Copy};

/// The article whose id is `id` with its copies, or `None`; engine errors come back as a
/// diagnosis of the damaged index.
pub fn find_article(store: &Store, id: &str) -> Result<Option<(Article, Vec<Copy>)>, StoreError> {
    let damaged = |e: tantivy::TantivyError| store::damaged(&store.dir, &e);
    let Some(address) = find_address(store, id).map_err(damaged)? else {
        return Ok(None);
    };
    article_at(store, address).map(Some).map_err(damaged)
}

/// Where the article whose id is `id` is, or `None`.
fn find_address(store: &Store, id: &str) -> tantivy::Result<Option<DocAddress>> {
    let searcher = store.reader.searcher();
    let term = Term::from_field_text(store.fields.id, id);
    let query = TermQuery::new(term, IndexRecordOption::Basic);
    let found = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    Ok(found.first().map(|(_, address)| *address))
}

/// The article at `address` and its syndicated copies.
fn article_at(store: &Store, address: DocAddress) -> tantivy::Result<(Article, Vec<Copy>)> {
    let searcher = store.reader.searcher();
    let doc: TantivyDocument = crate::index::stored::Docs::new(&searcher).get(address)?;
    let copies = copies::copies_of(store, &searcher, address)?;
    Ok((from_document(&doc, &store.fields), copies))
}
