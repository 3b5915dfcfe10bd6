//! The ranking parameters: BM25F's per-field weights and length normalisation, the
//! proximity bonus, the lead, RM3 and the tiers, with their defaults (measured on the shared
//! test collections; see README) and `key=value` overrides for experiments.

use tantivy::schema::Field;

use crate::index::schema::Fields;

/// Weight and length normalisation of one field in BM25F.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldParams {
    pub weight: f32,
    pub b: f32,
}

/// The ranking parameters (defaults measured on the shared test collections; see README).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    pub k1: f32,
    pub headline: FieldParams,
    pub byline: FieldParams,
    pub body: FieldParams,
    pub quotes: FieldParams,
    /// Scale of the proximity bonus (0 turns it off).
    pub proximity: f32,
    /// Largest distance (in positions) that counts as "close".
    pub window: u32,
    /// Only query neighbours count as close pairs (else any two query words).
    pub neighbours: bool,
    /// Weight of a term's occurrences in the lead (the body's first
    /// [`LEAD_POSITIONS`](crate::index::schema::LEAD_POSITIONS) positions, indexed as the
    /// `lead` field), added to its weighted body frequency without length normalisation
    /// (0 turns it off).
    pub lead: f32,
    /// RM3 (`--expand`) settings.
    pub rm3: super::expand::Rm3,
    /// Drop request words (`papers`, `available`, …) from queries, not only stop words.
    pub request_words: bool,
    /// Exponent applied to the IDF (1 = Lucene's IDF).
    pub idf_pow: f32,
    /// Sub-linear weight for a word repeated in the query (`1 + ln(count)`) instead of its count.
    pub qtf_log: bool,
    /// Coordination: scores are multiplied by `(matched / required)^coord`.
    pub coord: f32,
    /// BM25+ lower bound: added (times IDF) for every query term a document contains.
    pub delta: f32,
    /// How many of the best BM25F candidates are kept while scoring (the page and the
    /// candidates whose proximity bonus could lift them onto it come from these).
    pub pool: usize,
    /// Queries with at most this many (non-stop) words rank full matches first; longer
    /// queries (typed sentences) rank every candidate by score alone.
    pub tier_max: usize,
    /// With `Expand::Auto`, queries of more than this many (non-stop) words are expanded
    /// with RM3 (0: never).
    pub expand_over: usize,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            k1: 1.4,
            headline: FieldParams {
                weight: 2.0,
                b: 0.75,
            },
            byline: FieldParams {
                weight: 0.5,
                b: 0.75,
            },
            body: FieldParams {
                weight: 1.0,
                b: 0.6,
            },
            quotes: FieldParams {
                weight: 0.0,
                b: 0.75,
            },
            proximity: 0.15,
            window: 5,
            neighbours: true,
            delta: 0.0,
            coord: 0.0,
            qtf_log: false,
            idf_pow: 1.0,
            request_words: true,
            rm3: super::expand::Rm3::default(),
            lead: 0.5,
            pool: 1000,
            tier_max: 4,
            expand_over: 4,
        }
    }
}

impl Params {
    /// Applies `key=value` overrides (comma-separated), for experiments:
    /// `k1`, `hw`/`hb` (headline weight/b), `yw`/`yb` (byline), `bw`/`bb` (body),
    /// `qw`/`qb` (quotes), `prox`, `window`, `pool`, `tier`, `nb`, `delta`, `coord`, `lead`,
    /// `qtflog`, `req`, `fbdocs`, `fbterms`, `fblambda`, `expover`. Unknown keys are an error.
    pub fn with_overrides(mut self, spec: &str) -> Result<Params, String> {
        for pair in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (k, v) = pair
                .split_once('=')
                .ok_or_else(|| format!("ranking override {pair:?} is not key=value"))?;
            let x: f32 = v
                .parse()
                .map_err(|_| format!("ranking override {pair:?}: not a number"))?;
            match k {
                "k1" => self.k1 = x,
                "hw" => self.headline.weight = x,
                "hb" => self.headline.b = x,
                "yw" => self.byline.weight = x,
                "yb" => self.byline.b = x,
                "bw" => self.body.weight = x,
                "bb" => self.body.b = x,
                "qw" => self.quotes.weight = x,
                "qb" => self.quotes.b = x,
                "prox" => self.proximity = x,
                "window" => self.window = x as u32,
                "nb" => self.neighbours = x != 0.0,
                "delta" => self.delta = x,
                "coord" => self.coord = x,
                "qtflog" => self.qtf_log = x != 0.0,
                "idfpow" => self.idf_pow = x,
                "req" => self.request_words = x != 0.0,
                "fbdocs" => self.rm3.docs = x as usize,
                "fbterms" => self.rm3.terms = x as usize,
                "fblambda" => self.rm3.original = x,
                "lead" => self.lead = x,
                "pool" => self.pool = x as usize,
                "tier" => self.tier_max = x as usize,
                "expover" => self.expand_over = x as usize,
                _ => return Err(format!("unknown ranking override {k:?}")),
            }
        }
        Ok(self)
    }

    /// The fields BM25F sums, with their weights. The lead follows the body, so a term's
    /// lead occurrences are added right after its body frequency.
    pub(super) fn fields(&self, f: &Fields) -> Vec<(Field, FieldParams)> {
        let lead = FieldParams {
            weight: self.lead,
            b: 0.0,
        };
        [
            (f.headline, self.headline),
            (f.byline, self.byline),
            (f.body, self.body),
            (f.lead, lead),
            (f.quotes, self.quotes),
        ]
        .into_iter()
        .filter(|(_, p)| p.weight > 0.0)
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranking_overrides_set_known_keys_and_refuse_the_rest() {
        let p = Params::default()
            .with_overrides("k1=1.2, lead=0.25,prox=0")
            .unwrap();
        assert_eq!((p.k1, p.lead, p.proximity), (1.2, 0.25, 0.0));
        // (spec, start of the error)
        let bad = [
            ("leadlen=30", "unknown ranking override \"leadlen\""),
            ("k1", "ranking override \"k1\" is not key=value"),
            ("k1=fast", "ranking override \"k1=fast\": not a number"),
        ];
        for (spec, want) in bad {
            let err = Params::default().with_overrides(spec).unwrap_err();
            assert!(err.starts_with(want), "{spec}: {err}");
        }
    }
}
