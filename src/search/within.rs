//! A filter computed once and applied inside every clause of a query: the documents a date
//! range (or speaker) admits, listed per segment, as a tantivy query.
//!
//! tantivy intersects a query with its filter by letting the cheaper side lead. A phrase
//! searched in four fields is a union of four phrase scorers, and a union that is asked to
//! skip ahead refills a whole window of documents, checking the phrase in each; a fast-field
//! date range estimates its cost at a tenth of the index whatever the range. So a phrase
//! with a one-month range did all the phrase work of the phrase alone. Listing the filter's
//! documents first (one scan of the date column) gives a filter whose cost is its true size,
//! and putting it inside each field's clause lets it lead there: the phrase is checked only
//! at documents the filter admits.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// The documents of a fixed set, scoring `boost` each.
#[derive(Clone, Debug)]
pub struct Within {
    docs: Arc<HashMap<SegmentId, Vec<DocId>>>,
}

impl Within {
    /// The documents `filter` matches in `searcher`, when pushing them into the query
    /// pays: in an index of at least [`MIN_DOCS`] documents, and when they are at most one
    /// in [`MAX_SHARE`]. Listing a range costs a scan of the date columns, which a small
    /// index does not earn back in phrase work saved (measured: docs/PERFORMANCE.md, item
    /// 19).
    pub fn new(searcher: &Searcher, filter: &dyn Query) -> tantivy::Result<Option<Within>> {
        Within::with_limits(searcher, filter, MIN_DOCS, MAX_SHARE)
    }

    fn with_limits(
        searcher: &Searcher,
        filter: &dyn Query,
        min_docs: u64,
        max_share: u64,
    ) -> tantivy::Result<Option<Within>> {
        if searcher.num_docs() < min_docs {
            return Ok(None);
        }
        let docs: HashMap<SegmentId, Vec<DocId>> = searcher.search(filter, &PerSegment)?;
        let admitted: u64 = docs.values().map(|d| d.len() as u64).sum();
        Ok(
            (admitted.saturating_mul(max_share) <= searcher.num_docs()).then(|| Within {
                docs: Arc::new(docs),
            }),
        )
    }
}

/// A filter is pushed into a query's clauses when it admits at most one document in this
/// many.
const MAX_SHARE: u64 = 4;

/// ... and when the index holds at least this many documents.
const MIN_DOCS: u64 = 50_000;

/// Collects the documents a query matches as one list per segment, in doc order (without
/// the hashing of tantivy's `DocSetCollector`, which was most of the cost of a broad
/// date range on Reuters).
struct PerSegment;

struct SegmentDocs {
    id: SegmentId,
    docs: Vec<DocId>,
}

impl Collector for PerSegment {
    type Fruit = HashMap<SegmentId, Vec<DocId>>;
    type Child = SegmentDocs;

    fn for_segment(&self, _: SegmentOrdinal, seg: &SegmentReader) -> tantivy::Result<SegmentDocs> {
        Ok(SegmentDocs {
            id: seg.segment_id(),
            docs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(SegmentId, Vec<DocId>)>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().collect())
    }
}

impl SegmentCollector for SegmentDocs {
    type Fruit = (SegmentId, Vec<DocId>);

    fn collect(&mut self, doc: DocId, _: Score) {
        self.docs.push(doc);
    }

    fn harvest(self) -> Self::Fruit {
        (self.id, self.docs)
    }
}

impl Query for Within {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for Within {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut set = BitSet::with_max_value(reader.max_doc());
        for &doc in self.docs.get(&reader.segment_id()).into_iter().flatten() {
            set.insert(doc);
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(set), boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let listed = self
            .docs
            .get(&reader.segment_id())
            .is_some_and(|d| d.binary_search(&doc).is_ok());
        if listed {
            Ok(Explanation::new("in the filter", 1.0))
        } else {
            Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} is not in the filter"
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Article;
    use crate::index::schema::Fields;
    use crate::search::compile::Compiler;
    use crate::search::dates::DateRange;
    use crate::search::filter::{DateCheck, DateQuery};
    use crate::search::query;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, Occur};
    use tantivy::DocAddress;

    /// Three segments of 400 articles, one a day from 1990-01-01; phrases in some.
    fn index() -> (tantivy::Index, Fields) {
        let day0 = jiff::civil::date(1990, 1, 1);
        let articles = (0..1_200i32).map(|i| {
            let mut body = String::from("Markets moved. ");
            if i % 3 == 0 {
                body.push_str("Interest rates rose again. ");
            }
            if i % 5 == 0 {
                body.push_str("The rates of interest fell. ");
            }
            Article {
                id: i.to_string(),
                headline: if i % 7 == 0 { "Interest rates" } else { "News" }.into(),
                body,
                date: day0.checked_add(jiff::Span::new().days(i)).ok(),
                ..Article::default()
            }
        });
        let store = crate::index::store::in_memory(articles, &[400, 400]);
        (store.index, store.fields)
    }

    /// Top 20 (score bits, address) and the count, with or without the filter pushed down.
    fn run(
        searcher: &Searcher,
        fields: Fields,
        q: &str,
        range: DateRange,
        push: bool,
    ) -> (Vec<(u32, DocAddress)>, usize) {
        let filter: Box<dyn tantivy::query::Query> = Box::new(DateQuery(DateCheck::new(&range)));
        let mut compiler = Compiler::new(fields);
        if push {
            let within = Within::with_limits(searcher, &*filter, 0, 1).unwrap();
            compiler.set_within(within.expect("pushed down"));
        }
        let node = query::parse(q).unwrap();
        let full = BooleanQuery::new(vec![
            (Occur::Must, compiler.compile(&node, true)),
            (Occur::Must, filter),
        ]);
        let (top, count) = searcher
            .search(&full, &(TopDocs::with_limit(20).order_by_score(), Count))
            .unwrap();
        (
            top.into_iter().map(|(s, a)| (s.to_bits(), a)).collect(),
            count,
        )
    }

    #[test]
    fn pushing_the_filter_down_changes_no_hit_and_no_score() {
        let (index, fields) = index();
        let reader = index.reader().unwrap();
        let searcher = reader.searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let day = |m, d| Some(jiff::civil::date(1990, m, d));
        let cases = [
            ("\"interest rates\"", day(2, 1), day(2, 28)),
            ("\"interest rates\" NOT fell", day(3, 1), day(9, 30)),
            ("interest OR markets", day(1, 10), day(1, 20)),
            ("rat*", None, day(6, 30)),
            ("headline:interest", day(4, 1), None),
        ];
        for (q, first, last) in cases {
            let range = DateRange {
                first,
                last,
                ..DateRange::default()
            };
            let plain = run(&searcher, fields, q, range, false);
            let pushed = run(&searcher, fields, q, range, true);
            assert!(plain.1 > 0, "{q}: no hit");
            assert_eq!(pushed, plain, "{q}");
        }
    }

    #[test]
    fn broad_filters_and_small_indexes_are_not_pushed_down() {
        let (index, _) = index();
        let reader = index.reader().unwrap();
        let searcher = reader.searcher();
        let all_days = DateRange {
            first: Some(jiff::civil::date(1990, 1, 1)),
            last: Some(jiff::civil::date(1993, 12, 31)),
            ..DateRange::default()
        };
        let one_day = DateRange {
            first: Some(jiff::civil::date(1990, 1, 1)),
            last: Some(jiff::civil::date(1990, 1, 1)),
            ..DateRange::default()
        };
        // (range, min_docs, pushed down?)
        let cases = [
            (all_days, 0, false),
            (one_day, 0, true),
            (one_day, 1_201, false),
        ];
        for (range, min_docs, want) in cases {
            let filter: Box<dyn tantivy::query::Query> =
                Box::new(DateQuery(DateCheck::new(&range)));
            let got = Within::with_limits(&searcher, &filter, min_docs, MAX_SHARE).unwrap();
            assert_eq!(got.is_some(), want, "{range:?} min_docs {min_docs}");
        }
    }
}
