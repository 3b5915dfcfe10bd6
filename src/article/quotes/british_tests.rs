//! British newswire conventions (honorifics without a period, `told the BBC`, inverted
//! `said Mr X`, single marks, datelines in capitals) on self-written sentences: the
//! development data is American, so these pin down what it does not cover.

use super::extract;

type Case<'a> = (&'a str, Vec<(&'a str, Option<&'a str>)>);

fn check(cases: Vec<Case>) {
    let mut failures = Vec::new();
    for (body, want) in cases {
        let got: Vec<(String, Option<String>)> = extract(body)
            .into_iter()
            .map(|q| (q.text, q.speaker))
            .collect();
        let want: Vec<(String, Option<String>)> = want
            .into_iter()
            .map(|(t, s)| (t.to_string(), s.map(str::to_string)))
            .collect();
        if got != want {
            failures.push(format!("{body}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn honorifics_without_a_period_resolve_to_the_full_name() {
    check(vec![
        (
            "Tony Blair visited the plant on Monday.\n\"We must do more,\" Mr Blair said.",
            vec![("We must do more,", Some("Tony Blair"))],
        ),
        (
            "Culture Secretary Tessa Jowell opened the bid.\n\"London is ready,\" Ms Jowell said.",
            vec![("London is ready,", Some("Tessa Jowell"))],
        ),
        (
            "Health Secretary John Reid spoke to nurses.\nDr Reid said: \"Waiting lists are falling.\"",
            vec![("Waiting lists are falling.", Some("John Reid"))],
        ),
        (
            "Manchester United manager Sir Alex Ferguson was furious.\n\"It was never a penalty,\" said Sir Alex.",
            vec![("It was never a penalty,", Some("Alex Ferguson"))],
        ),
        (
            "Sebastian Coe leads the bid team.\n\"We have a great story to tell,\" Lord Coe said.",
            vec![("We have a great story to tell,", Some("Sebastian Coe"))],
        ),
    ]);
}

#[test]
fn inverted_and_other_verbs_of_saying() {
    check(vec![
        (
            "Peter Smith runs the mill.\n\"Orders are up,\" said Mr Smith.",
            vec![("Orders are up,", Some("Peter Smith"))],
        ),
        (
            "Wales captain Gareth Thomas was pleased.\n\"We were lucky,\" admitted Thomas.",
            vec![("We were lucky,", Some("Gareth Thomas"))],
        ),
        (
            "Wales captain Gareth Thomas was pleased.\n\"We did not play well,\" insisted Thomas.",
            vec![("We did not play well,", Some("Gareth Thomas"))],
        ),
        (
            "Wales captain Gareth Thomas was pleased.\n\"The fans were superb,\" added Thomas.",
            vec![("The fans were superb,", Some("Gareth Thomas"))],
        ),
    ]);
}

#[test]
fn told_the_bbc_is_a_cue() {
    check(vec![
        (
            "Charles Kennedy spoke on Sunday.\nMr Kennedy told the BBC: \"The war was a mistake.\"",
            vec![("The war was a mistake.", Some("Charles Kennedy"))],
        ),
        (
            "Charles Kennedy spoke on Sunday.\n\"The war was a mistake,\" Mr Kennedy told BBC News.",
            vec![("The war was a mistake,", Some("Charles Kennedy"))],
        ),
        (
            "Charles Kennedy spoke on Sunday.\n\"The war was a mistake,\" he told reporters.",
            vec![("The war was a mistake,", Some("Charles Kennedy"))],
        ),
        (
            "Charles Kennedy spoke on Sunday.\nHe told the Today programme: \"The war was a mistake.\"",
            vec![("The war was a mistake.", Some("Charles Kennedy"))],
        ),
    ]);
}

#[test]
fn descriptors_are_not_organisations() {
    check(vec![
        (
            "Warriors coach Tony Smith was upbeat.\n\"We showed real character,\" said the Warriors chief.",
            vec![("We showed real character,", Some("Tony Smith"))],
        ),
        (
            "England coach Sven-Goran Eriksson named his squad.\n\"I am happy with the balance,\" said the England coach.",
            vec![("I am happy with the balance,", Some("Sven-Goran Eriksson"))],
        ),
        // A role never introduced with a name: no speaker rather than the modifier.
        (
            "Sven-Goran Eriksson named his squad.\n\"I am happy with the balance,\" said the England coach.",
            vec![("I am happy with the balance,", None)],
        ),
        // An unnamed spokesman speaks for the organisation named in the descriptor.
        (
            "The plan was published on Monday.\n\"We will study it,\" a Downing Street spokesman said.",
            vec![("We will study it,", Some("Downing Street"))],
        ),
    ]);
}

#[test]
fn single_marks_and_merged_paragraphs() {
    check(vec![
        (
            "Tony Blair visited the plant.\n'We must do more,' Mr Blair said.",
            vec![("We must do more,", Some("Tony Blair"))],
        ),
        (
            "Tony Blair visited the plant.\nMr Blair said: \"We must do more for us. \"Even if we fail we try.\"",
            vec![
                ("We must do more for us.", Some("Tony Blair")),
                ("Even if we fail we try.", Some("Tony Blair")),
            ],
        ),
    ]);
}

#[test]
fn a_dateline_in_capitals_is_never_a_speaker() {
    check(vec![
        (
            "LONDON (Reuters) - \"We are watching closely,\" the minister said on Thursday.",
            vec![("We are watching closely,", None)],
        ),
        (
            "LONDON - \"Prices will rise,\" an official said.",
            vec![("Prices will rise,", None)],
        ),
    ]);
}

#[test]
fn surnames_titles_roles_and_single_marks() {
    check(vec![
        (
            "Tony Blair faced the Tories in the Commons.\n\"We will not be deflected,\" he said.",
            vec![("We will not be deflected,", Some("Tony Blair"))],
        ),
        (
            "Warriors coach Ian Lindsay was disappointed.\n\"We were poor,\" admitted Lindsay.",
            vec![("We were poor,", Some("Ian Lindsay"))],
        ),
        (
            "MSNBC host Chris Matthews was blunt.\n\"It is over,\" Matthews said.",
            vec![("It is over,", Some("Chris Matthews"))],
        ),
        (
            "WASHINGTON - \"Prices will rise,\" said Ann Lee, a Fed governor.",
            vec![("Prices will rise,", Some("Ann Lee"))],
        ),
        (
            "Margaret Thatcher spoke at the dinner.\n\"I have no regrets,\" said Mrs Thatcher.",
            vec![("I have no regrets,", Some("Margaret Thatcher"))],
        ),
        (
            "Professor John Smith led the study.\n\"The results are clear,\" said Prof Smith.",
            vec![("The results are clear,", Some("John Smith"))],
        ),
        (
            "Tony Blair spoke.\n'We must do more,' he told BBC Radio 4's Today programme.",
            vec![("We must do more,", Some("Tony Blair"))],
        ),
        (
            "Tony Blair spoke on Monday.\nThe prime minister said the plan was 'a disgrace'.",
            // The role was never given with the name: nobody rather than a guess.
            vec![("a disgrace", None)],
        ),
        (
            "Tony Blair spoke.\nMr Blair said: 'We must do more for us. 'Even if we fail we try.'",
            vec![
                ("We must do more for us.", Some("Tony Blair")),
                ("Even if we fail we try.", Some("Tony Blair")),
            ],
        ),
        (
            "Gordon Brown spoke.\n\"This is good news,\" said Mr Brown, who was speaking in Leeds.",
            vec![("This is good news,", Some("Gordon Brown"))],
        ),
        (
            "Michael Howard attacked the plan.\nThe Tory leader said: \"It is a sham.\"",
            vec![("It is a sham.", None)],
        ),
        (
            "Tory leader Michael Howard attacked the plan.\n\"It is a sham,\" the Tory leader said.",
            vec![("It is a sham,", Some("Michael Howard"))],
        ),
    ]);
}

#[test]
fn curly_marks_boss_titles_and_broadcasters() {
    check(vec![
        (
            "Ann Lee runs the club.\n'We will go on.\n'And we will win,' Ms Lee said.",
            vec![("We will go on.", Some("Ann Lee")), ("And we will win,", Some("Ann Lee"))],
        ),
        (
            "Ann Lee runs the club.\nMs Lee said: 'We will go on.\n'And we will win.'",
            vec![("We will go on.", Some("Ann Lee")), ("And we will win.", Some("Ann Lee"))],
        ),
        (
            "Home Secretary David Blunkett spoke.\n\"Crime is down,\" the home secretary said.",
            vec![("Crime is down,", Some("David Blunkett"))],
        ),
        // Two holders of the role named: nobody rather than a guess.
        (
            "Former Home Secretary Jack Straw met Home Secretary David Blunkett.\n\"Crime is down,\" the home secretary said.",
            vec![("Crime is down,", None)],
        ),
        (
            "Prime Minister Tony Blair met Bob Roe.\n\"We agree,\" the prime minister said.",
            vec![("We agree,", Some("Tony Blair"))],
        ),
        (
            "Ann Lee runs the club.\n‘We don’t know yet,’ Ms Lee said.",
            vec![("We don’t know yet,", Some("Ann Lee"))],
        ),
        (
            "Chelsea boss Jose Mourinho was angry.\n\"We deserved more,\" said the Chelsea boss.",
            vec![("We deserved more,", Some("Jose Mourinho"))],
        ),
        (
            "Newport-based engineer Ann Lee designed it.\n\"It will last,\" she said.",
            vec![("It will last,", Some("Ann Lee"))],
        ),
        (
            "Liberal Democrat leader Charles Kennedy called the budget \"a con\".",
            vec![("a con", Some("Charles Kennedy"))],
        ),
        (
            "Tony Blair spoke.\nSpeaking on BBC One's Breakfast with Frost, Mr Blair said: \"We will win.\"",
            vec![("We will win.", Some("Tony Blair"))],
        ),
        (
            "Tony Blair spoke.\nHe told BBC Radio Five Live: \"We will win.\"",
            vec![("We will win.", Some("Tony Blair"))],
        ),
        (
            "Gordon Brown spoke.\n\"We will win,\" said Mr Brown, the Chancellor.",
            vec![("We will win,", Some("Gordon Brown"))],
        ),
        (
            "Tony Blair spoke.\n\"We will win,\" the Prime Minister's official spokesman said.",
            vec![("We will win,", None)],
        ),
        (
            "Tony Blair spoke.\n\"I've no doubt,\" Mr Blair said. \"Cabinet agreed.\"",
            vec![("I've no doubt,", Some("Tony Blair")), ("Cabinet agreed.", Some("Tony Blair"))],
        ),
        (
            "Coach Andy Robinson named the side. Robinson said of the decision: \"It was hard.\"",
            vec![("It was hard.", Some("Andy Robinson"))],
        ),
        (
            "Ann Lee spoke.\n\"We will win,\" she said. \"We have the players.\"\nBob Roe disagreed. \"They will lose,\" Mr Roe said.",
            vec![("We will win,", Some("Ann Lee")), ("We have the players.", Some("Ann Lee")), ("They will lose,", Some("Bob Roe"))],
        ),
    ]);
}

#[test]
fn a_colon_introduction_belongs_to_the_quote_after_it() {
    // Lines a single line break apart are read as one paragraph: the second line's
    // `… said:` introduces its own quote, not the one before it.
    check(vec![(
        "Prime Minister Tony Blair spoke. Tory leader Michael Howard attacked him. The prime minister said: \"These reforms are essential.\" The Conservative leader said: \"This is a shambles.\"",
        vec![
            ("These reforms are essential.", Some("Tony Blair")),
            ("This is a shambles.", None),
        ],
    )]);
}

#[test]
fn a_colon_introduced_quote_keeps_its_introducer_as_cue_and_source() {
    // The next sentence's `He added that …` is reported speech of its own, not this
    // quotation's attribution.
    let body = "Chancellor Gordon Brown spoke. Mr Brown told MPs: \"We will not borrow more.\" He added that growth was strong.";
    let got: Vec<[Option<String>; 4]> = extract(body)
        .into_iter()
        .map(|q| [Some(q.text), q.speaker, q.cue, q.source_text])
        .collect();
    let want = vec![[
        "We will not borrow more.",
        "Gordon Brown",
        "told",
        "Mr Brown",
    ]
    .map(|s| Some(s.to_string()))];
    assert_eq!(got, want);
}
