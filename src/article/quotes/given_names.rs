//! Given names that mark a person's gender in English-language news (`Hillary`, `Ted`):
//! evidence for which people a `he` or `she` may refer to. Names commonly given to both
//! (`Jordan`, `Kelly`, `Robin`, `Pat`) are left out on purpose.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use super::mentions::Gender;

const MALE: &str = "\
    aaron adam alan albert alexander alfred andrew anthony arnold arthur barack barry ben \
    benjamin bernard bernie bill billy bob bobby brad bradley brandon brian bruce bryan carl \
    carlos charles charlie chuck clarence colin craig dan daniel danny darrell dave david \
    dennis derek dick don donald doug douglas duncan dwight earl ed eddie edward elijah eric \
    ernest eugene frank franklin fred frederick gary gavin geoffrey george gerald gordon greg \
    gregory harold harry henry herbert howard hugh ian jack jacob jake james jason jeb jeff \
    jeffrey jeremy jerry jesse jim jimmy joe joel john johnny jon jonathan jose joseph josh \
    joshua juan justin keith ken kenneth kevin larry lawrence leonard louis luke \
    marco mark martin matt matthew max michael mike mitch mitt nathan neil newt nicholas \
    nick nigel oliver patrick paul peter phil philip ralph randy ray raymond reince richard \
    rick rob robert roger ron ronald roy russell ryan samuel scott sean seth simon stephen \
    steve steven stuart ted terrence thomas tim timothy todd tom tommy tony trey victor \
    vincent walter wayne william willie
";

const FEMALE: &str = "\
    abigail alice alison allison amanda amy andrea angela ann anna anne barbara betsy betty \
    beverly brenda carly carol carolyn catherine cathy charlotte cheryl christina christine \
    claire cynthia debbie deborah debra denise diana diane donna doris dorothy elaine \
    elizabeth ellen emily emma evelyn frances gloria grace hannah heather helen hillary \
    hope irene jane janet janice jennifer jessica jill joan joanne joyce judith judy \
    julia julie karen kate katherine kathleen kathryn kathy katie kayleigh kellyanne \
    kimberly laura lauren linda lisa lois loretta lori louise lucy margaret maria \
    marie marilyn martha mary megan megyn melania melissa michelle mildred nancy natalie \
    nicole nikki olivia pamela patricia paula peggy rachel rebecca rose ruth sally samantha \
    sandra sara sarah sharon shirley stephanie susan suzanne teresa theresa tina valerie \
    victoria virginia wendy
";

static MALE_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| MALE.split_whitespace().collect());
static FEMALE_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| FEMALE.split_whitespace().collect());

/// The gender a given name usually marks, if it is one of the lists'.
pub(super) fn gender_of_given_name(w: &str) -> Option<Gender> {
    let l = w.to_lowercase();
    if MALE_SET.contains(l.as_str()) {
        Some(Gender::Male)
    } else if FEMALE_SET.contains(l.as_str()) {
        Some(Gender::Female)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_names_and_their_gender() {
        let cases = [
            ("Hillary", Some(Gender::Female)),
            ("Ted", Some(Gender::Male)),
            ("MEGYN", Some(Gender::Female)),
            ("Jordan", None),
            ("Washington", None),
        ];
        for (w, want) in cases {
            assert_eq!(gender_of_given_name(w), want, "{w}");
        }
    }

    #[test]
    fn no_name_is_on_both_lists() {
        for w in MALE.split_whitespace() {
            assert!(!FEMALE_SET.contains(w), "{w} is on both lists");
        }
    }
}
