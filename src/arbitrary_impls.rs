//! `arbitrary::Arbitrary` for the borrowed string types, so that the
//! message types can derive it (feature `arbitrary`, for fuzzing).
//!
//! Both borrow from the fuzzer's bytes: a [`Text`] is [`Text::new`] on an
//! arbitrary `&str` (its value is the string itself), a [`RawXml`] is
//! [`RawXml::new`] on one (checked for well-formedness when encoded).

use arbitrary::{Arbitrary, Result, Unstructured};

use crate::xml::{RawXml, Text};

impl<'a> Arbitrary<'a> for Text<'a> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        <&'a str>::arbitrary(u).map(Text::new)
    }

    fn arbitrary_take_rest(u: Unstructured<'a>) -> Result<Self> {
        <&'a str>::arbitrary_take_rest(u).map(Text::new)
    }

    fn size_hint(depth: usize) -> (usize, Option<usize>) {
        <&'a str as Arbitrary<'a>>::size_hint(depth)
    }
}

impl<'a> Arbitrary<'a> for RawXml<'a> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        <&'a str>::arbitrary(u).map(RawXml::new)
    }

    fn arbitrary_take_rest(u: Unstructured<'a>) -> Result<Self> {
        <&'a str>::arbitrary_take_rest(u).map(RawXml::new)
    }

    fn size_hint(depth: usize) -> (usize, Option<usize>) {
        <&'a str as Arbitrary<'a>>::size_hint(depth)
    }
}
