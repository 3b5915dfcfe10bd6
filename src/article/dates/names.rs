//! Month and weekday names in the languages dateline reads dates in, as constant tables
//! (nothing is built at start-up), and the small words a written date may carry.
//!
//! Languages: English, German, French, Spanish, Catalan, Italian, Dutch, Portuguese,
//! Romanian, Polish, Czech, Slovak, Slovenian, Croatian/Serbian, Russian, Ukrainian,
//! Bulgarian, Greek, Arabic (Egyptian and Levantine single-word names), Swedish, Danish/Norwegian, Finnish, Estonian, Turkish, Hungarian and
//! Indonesian/Malay, with the usual abbreviations and the accents-dropped spellings ASCII
//! pages use. Croatian's `listopad` (October) is left out: Polish and Czech use it for
//! November, and a word names one month here.

/// Month names in English, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Weekday names in English, Monday first.
pub(crate) const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Month names and abbreviations, by month, in every language (English ones are in
/// [`MONTHS`] plus their three-letter forms). A word is looked up lowercased.
// Several words a line keeps the table short; rustfmt would give each word its own line.
#[rustfmt::skip]
const LOCAL_MONTHS: [&[&str]; 12] = [
    &[
        "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen", "januari",
        "janeiro", "stycznia", "styczeń", "ledna", "leden", "января", "январь", "ocak",
        "tammikuuta", "január", "jan", "ianuarie", "siječnja", "januarja", "januára", "січня",
        "януари", "ιανουαρίου", "ιανουαριου", "jaanuar",
        "يناير",
    ],
    &[
        "februar", "feber", "février", "fevrier", "févr", "fev", "fév", "febrero", "febbraio",
        "februari", "fevereiro", "lutego", "luty", "února", "unora", "únor", "февраля", "февраль",
        "şubat", "subat", "helmikuuta", "február", "feb", "februarie", "veljače", "februarja",
        "februára", "лютого", "февруари", "φεβρουαρίου", "φεβρουαριου", "veebruar",
        "فبراير", "شباط",
    ],
    &[
        "märz", "maerz", "marz", "mär", "mars", "marts", "marzo", "maart", "mrt", "março",
        "marco", "marca", "marzec", "března", "brezna", "březen", "марта", "март", "mart",
        "maaliskuuta", "március", "mar", "martie", "ožujka", "березня", "μαρτίου", "μαρτιου",
        "maret", "març", "märts",
        "مارس", "آذار",
    ],
    &[
        "avril", "avr", "abril", "abr", "aprile", "kwietnia", "kwiecień", "dubna", "duben",
        "апреля", "апрель", "nisan", "huhtikuuta", "április", "apr", "aprilie", "travnja",
        "aprila", "apríla", "квітня", "април", "απριλίου", "απριλιου", "aprill",
        "أبريل", "إبريل", "نيسان",
    ],
    &[
        "mai", "mayo", "maggio", "mag", "mei", "maio", "maja", "maj", "května", "kvetna",
        "květen", "мая", "май", "mayıs", "mayis", "toukokuuta", "május", "svibnja", "mája",
        "травня", "μαΐου", "μαιου", "maig",
        "مايو", "أيار",
    ],
    &[
        "juni", "juin", "junio", "giugno", "giu", "junho", "czerwca", "czerwiec", "června",
        "cervna", "červen", "июня", "июнь", "haziran", "kesäkuuta", "június", "jun", "iunie",
        "lipnja", "junija", "júna", "червня", "юни", "ιουνίου", "ιουνιου", "juny", "juuni",
        "يونيو", "يونيه", "حزيران",
    ],
    &[
        "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "lipca", "lipiec",
        "července", "cervence", "červenec", "июля", "июль", "temmuz", "heinäkuuta", "július",
        "jul", "iulie", "srpnja", "julija", "júla", "липня", "юли", "ιουλίου", "ιουλιου",
        "juliol", "juuli",
        "يوليو", "يوليه", "تموز",
    ],
    &[
        "août", "aout", "agosto", "ago", "augustus", "augusti", "sierpnia", "sierpień", "srpna",
        "srpen", "августа", "август", "ağustos", "agustos", "elokuuta", "augusztus", "aug",
        "kolovoza", "avgusta", "augusta", "серпня", "αυγούστου", "αυγουστου", "agustus", "agost",
        "ogos", "avgust",
        "أغسطس", "آب",
    ],
    &[
        "sept", "septembre", "septiembre", "setiembre", "settembre", "set", "setembro",
        "września", "wrzesień", "září", "zari", "сентября", "сентябрь", "eylül", "eylul",
        "syyskuuta", "szeptember", "sep", "septembrie", "rujna", "septembra", "вересня",
        "септември", "σεπτεμβρίου", "σεπτεμβριου", "setembre", "septembar",
        "سبتمبر", "أيلول",
    ],
    &[
        "oktober", "octobre", "octubre", "ottobre", "ott", "okt", "outubro", "out",
        "października", "październik", "října", "rijna", "říjen", "октября", "октябрь", "ekim",
        "lokakuuta", "október", "oct", "octombrie", "oktobra", "októbra", "жовтня", "октомври",
        "οκτωβρίου", "οκτωβριου", "oktoober", "oktobar",
        "أكتوبر",
    ],
    &[
        "novembre", "noviembre", "novembro", "listopada", "listopad", "listopadu", "ноября",
        "ноябрь", "kasım", "kasim", "marraskuuta", "nov", "noiembrie", "studenoga", "novembra",
        "листопада", "ноември", "νοεμβρίου", "νοεμβριου", "novembar",
        "نوفمبر",
    ],
    &[
        "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre",
        "dezembro", "grudnia", "grudzień", "prosince", "prosinec", "декабря", "декабрь", "aralık",
        "aralik", "joulukuuta", "dec", "decembrie", "prosinca", "decembra", "грудня", "декември",
        "δεκεμβρίου", "δεκεμβριου", "desember", "disember", "desembre", "detsember", "decembar",
        "ديسمبر",
    ],
];

/// Weekdays outside English (and their abbreviations), which a date may open with.
const LOCAL_WEEKDAYS: &[&str] = &[
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonnabend",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunes",
    "martes",
    "miércoles",
    "miercoles",
    "jueves",
    "viernes",
    "sábado",
    "sabado",
    "domingo",
    "lunedì",
    "lunedi",
    "martedì",
    "martedi",
    "mercoledì",
    "mercoledi",
    "giovedì",
    "giovedi",
    "venerdì",
    "venerdi",
    "domenica",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    "segunda",
    "terça",
    "terca",
    "quarta",
    "quinta",
    "sexta",
    "feira",
    "mo",
    "di",
    "mi",
    "do",
    "fr",
    "sa",
    "so",
];

/// The month a (lowercased) word names, 1–12, in any language.
pub(crate) fn month_number(word: &str) -> Option<i8> {
    let english = MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(word)));
    let index = english.or_else(|| LOCAL_MONTHS.iter().position(|ms| ms.contains(&word)))?;
    i8::try_from(index + 1).ok()
}

/// A weekday name or its abbreviation, in any language.
pub(crate) fn is_weekday(word: &str) -> bool {
    WEEKDAYS
        .iter()
        .any(|d| *d == word || (word.len() >= 3 && d.starts_with(word)))
        || LOCAL_WEEKDAYS.contains(&word)
}

/// Small words between the parts of a date: "3rd of March", "3 de marzo de 2021",
/// "le 3 mars", "am 3. März", "3 maart". Ordinal suffixes count here too.
pub(crate) fn is_joiner(word: &str) -> bool {
    const JOINERS: &[&str] = &[
        "st", "nd", "rd", "th", "of", "the", "on", "de", "del", "di", "le", "el", "er", "am",
        "den", "der", "op", "em", "o", "º", "ª",
    ];
    JOINERS.contains(&word)
}

/// Words a date may carry around its clock time and zone.
pub(crate) fn is_clock_word(word: &str) -> bool {
    const CLOCK: &[&str] = &[
        "at", "am", "pm", "a", "m", "p", "z", "t", "h", "uhr", "um", "à", "às", "alle", "ore",
        "om", "utc", "gmt", "ut", "est", "edt", "cst", "cdt", "pst", "pdt", "mst", "mdt", "bst",
        "cet", "cest", "eet", "eest", "mez", "mesz", "ist", "jst",
    ];
    CLOCK.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_in_every_language() {
        let cases = [
            ("march", Some(3)),
            ("mar", Some(3)),
            ("sept", Some(9)),
            ("märz", Some(3)),
            ("janvier", Some(1)),
            ("décembre", Some(12)),
            ("marzo", Some(3)),
            ("maggio", Some(5)),
            ("mei", Some(5)),
            ("outubro", Some(10)),
            ("października", Some(10)),
            ("июня", Some(6)),
            ("ağustos", Some(8)),
            ("monday", None),
            ("word", None),
        ];
        for (word, want) in cases {
            assert_eq!(month_number(word), want, "{word}");
        }
    }

    #[test]
    fn weekdays_and_joiners() {
        for w in ["monday", "wed", "dienstag", "jeudi", "domingo", "zondag"] {
            assert!(is_weekday(w), "{w}");
        }
        for w in ["de", "of", "le", "th"] {
            assert!(is_joiner(w), "{w}");
        }
        assert!(!is_weekday("march") && !is_joiner("march"));
    }
}
