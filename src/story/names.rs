//! One speaker however the articles spelled the name: the key that merges spellings across
//! articles.
//!
//! Within an article the attribution already resolves "Mr Howard" to "Michael Howard".
//! Across articles a name's key is its words folded (case and accents: the index's name
//! analyzer), without leading titles ("Mr", "Dr", "President", "Prime Minister" …) and
//! without middle initials ("George W. Bush" → "george bush"). A one-word name that came
//! with a personal title ("Mr Howard") joins the one speaker of several words with that
//! last name, when there is exactly one; a bare word ("Reuters", "Howard") stays apart,
//! since an organisation or an unresolved surname is no person to guess.

use std::collections::HashMap;

use crate::index::schema::{name_analyzer, tokens};

/// Words that, before a name, are a title and not part of it.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "rev",
    "reverend",
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "senator",
    "sen",
    "rep",
    "representative",
    "gov",
    "governor",
    "mayor",
    "judge",
    "justice",
    "gen",
    "general",
    "col",
    "colonel",
    "capt",
    "captain",
    "lt",
    "sgt",
    "adm",
    "admiral",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "chairman",
    "chairwoman",
    "chief",
    "executive",
    "deputy",
    "foreign",
    "defense",
    "defence",
    "state",
    "health",
    "attorney",
    "the",
];

/// Titles that mark a person (so a one-word name after them is a surname).
const PERSONAL: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady",
];

/// A name's merge key, and whether a personal title preceded a one-word name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NameKey {
    pub key: String,
    pub titled_surname: bool,
}

/// The key of `name` (empty when the name is nothing but titles).
pub fn key(name: &str) -> NameKey {
    let words = tokens(&mut name_analyzer(), name);
    let start = words
        .iter()
        .position(|w| !TITLES.contains(&w.as_str()))
        .unwrap_or(words.len());
    // A title is only a title before a name: "Chief" alone stays a name.
    let start = if start == words.len() { 0 } else { start };
    let titled = words[..start]
        .iter()
        .any(|w| PERSONAL.contains(&w.as_str()));
    let rest = &words[start..];
    let kept: Vec<&str> = rest
        .iter()
        .enumerate()
        .filter(|(i, w)| *i == 0 || *i + 1 == rest.len() || w.chars().count() > 1)
        .map(|(_, w)| w.as_str())
        .collect();
    NameKey {
        key: kept.join(" "),
        titled_surname: titled && kept.len() == 1,
    }
}

/// Whether `name` starts with a title ("Dr. Jose Perez"): a spelling to show only when no
/// other is more used.
pub fn has_title(name: &str) -> bool {
    tokens(&mut name_analyzer(), name)
        .first()
        .is_some_and(|w| TITLES.contains(&w.as_str()))
}

/// Maps every key of `keys` to the key it merges into: itself, or for a titled surname the
/// one key of several words ending in that surname.
pub fn merges<'a>(keys: impl IntoIterator<Item = &'a NameKey>) -> HashMap<NameKey, String> {
    let keys: Vec<&NameKey> = keys.into_iter().collect();
    let mut by_surname: HashMap<&str, Vec<&str>> = HashMap::new();
    for k in &keys {
        if let Some((_, last)) = k.key.rsplit_once(' ') {
            let full = by_surname.entry(last).or_default();
            if !full.contains(&k.key.as_str()) {
                full.push(&k.key);
            }
        }
    }
    keys.iter()
        .map(|k| {
            let target = match by_surname.get(k.key.as_str()) {
                Some(full) if k.titled_surname && full.len() == 1 => full[0].to_string(),
                _ => k.key.clone(),
            };
            ((*k).clone(), target)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_name_share_a_key() {
        let cases = [
            ("Michael Howard", "michael howard"),
            ("MICHAEL HOWARD", "michael howard"),
            ("Mr Michael Howard", "michael howard"),
            ("Mr. Michael Howard", "michael howard"),
            ("José Ángel Gurría", "jose angel gurria"),
            ("Jose Angel Gurria", "jose angel gurria"),
            ("George W. Bush", "george bush"),
            ("President George Bush", "george bush"),
            ("Prime Minister Theresa May", "theresa may"),
            ("Dr Anthony Fauci", "anthony fauci"),
            ("Reuters", "reuters"),
            ("Chief", "chief"),
            ("J. Smith", "j smith"),
        ];
        for (name, want) in cases {
            assert_eq!(key(name).key, want, "{name}");
        }
    }

    #[test]
    fn a_titled_surname_joins_the_only_full_name_with_it() {
        let names = [
            "Michael Howard",
            "Mr Howard",
            "Howard",
            "Dr Smith",
            "Ann Smith",
            "Bob Smith",
        ];
        let keys: Vec<NameKey> = names.iter().map(|n| key(n)).collect();
        let m = merges(&keys);
        let target = |n: &str| m[&key(n)].clone();
        assert_eq!(target("Mr Howard"), "michael howard");
        // A bare surname (maybe an organisation, maybe unresolved) stays apart.
        assert_eq!(target("Howard"), "howard");
        // Two Smiths: "Dr Smith" is ambiguous and stays apart.
        assert_eq!(target("Dr Smith"), "smith");
    }
}
