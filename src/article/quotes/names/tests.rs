//! Tests of the name inventory and resolution, table-driven.

use super::*;

#[test]
fn names_resolve_to_the_fullest_form() {
    let body = "Pentagon press secretary John Kirby spoke. Secretary Alex Azar agreed. \
                The Korean Central News Agency reported it. Lydia Buchtmann is a spokeswoman. \
                Hillary Clinton spoke. Hillary Clinton won. Bill Clinton smiled. \
                Donald J. Trump ran.";
    let names = Inventory::build(body);
    let cases = [
        ("Kirby", "John Kirby"),
        ("John Kirby", "John Kirby"),
        ("Azar", "Alex Azar"),
        ("KCNA", "Korean Central News Agency"),
        ("Bauchtman", "Lydia Buchtmann"),
        ("Unknown", "Unknown"),
        // A full name keeps its given name; a shorter form finds the fuller one.
        ("Bill Clinton", "Bill Clinton"),
        ("Hillary Clinton", "Hillary Clinton"),
        ("Clinton", "Hillary Clinton"),
        ("Donald Trump", "Donald J. Trump"),
        ("Stated Clinton", "Hillary Clinton"),
        ("Ann B. Lee", "Ann B. Lee"),
    ];
    for (name, want) in cases {
        assert_eq!(names.resolve(name), want, "{name}");
    }
    assert_eq!(names.by_title("secretary").as_deref(), Some("Alex Azar"));
    assert_eq!(names.by_title("mayor"), None);
}

#[test]
fn descriptors_resolve_to_the_person_introduced_with_them() {
    let body = "Warriors coach Tony Smith was pleased. Microsoft Chairman Bill \
                Gates spoke. Labour leader Ann Lee and Labour deputy Bob Roe met. \
                Gordon Brown, the Chancellor, spoke.";
    let names = Inventory::build(body);
    let cases = [
        ("the Warriors chief", Some("Tony Smith")),
        ("the Microsoft boss", Some("Bill Gates")),
        // Two people introduced with the same modifier: nobody.
        ("the Labour leader", None),
        ("the coach", None),
        // A name with the descriptor in apposition.
        ("the Chancellor", Some("Gordon Brown")),
    ];
    for (source, want) in cases {
        assert_eq!(names.by_descriptor(source).as_deref(), want, "{source}");
    }
}
