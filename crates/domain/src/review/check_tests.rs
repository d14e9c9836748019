//! A review's own fields, checked before anything is read or written.

use super::ReviewInput;

fn input(content: &str) -> ReviewInput {
    ReviewInput {
        order_id: Some(3),
        rating: Some(5),
        content: Some(content.into()),
    }
}

#[test]
fn a_review_with_every_field_right_is_taken_as_given() {
    let checked = input("좋았어요").check().expect("a valid review");
    assert_eq!(checked.order_id.0, 3);
    assert_eq!(checked.rating.get(), 5);
    assert_eq!(checked.content, "좋았어요");
}

#[test]
fn an_order_id_must_be_positive() {
    let zero = ReviewInput {
        order_id: Some(0),
        ..input("좋았어요")
    };
    let errors = zero.check().err().expect("refused");
    assert_eq!(errors.fields()[0].field, "order_id");
    let one = ReviewInput {
        order_id: Some(1),
        ..input("좋았어요")
    };
    assert_eq!(one.check().expect("valid").order_id.0, 1);
}

#[test]
fn a_bad_content_is_refused_even_with_a_good_order_and_rating() {
    let errors = input("").check().err().expect("refused");
    let fields: Vec<_> = errors.fields().iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["content"]);
}
