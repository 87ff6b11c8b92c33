//! Personal data in free text: NHS numbers (with a valid check digit), National Insurance
//! numbers, email addresses, UK phone numbers and UK postcodes, however they are spelt.
//!
//! Text is folded first (Unicode NFKC, every kind of space to one space, every dash to `-`,
//! invisible characters dropped), keeping a map back to the original so that a finding points at
//! what was written. Digits are read as chains of groups (`0161 496 0123`) and each number is
//! judged whole, by the UK's numbering and check-digit rules, so that dates, times, money,
//! versions, record ids and labelled invoice or order numbers never match.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use icu_normalizer::ComposingNormalizerBorrowed;
use icu_normalizer::properties::{
    CanonicalCombiningClassMapBorrowed, CanonicalCompositionBorrowed,
};
use regex::bytes::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    NhsNumber,
    NationalInsurance,
    Email,
    Phone,
    Postcode,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::NhsNumber => "an NHS number",
            Kind::NationalInsurance => "a National Insurance number",
            Kind::Email => "an email address",
            Kind::Phone => "a phone number",
            Kind::Postcode => "a postcode",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub kind: Kind,
    /// The matched text, as written, with all but its first characters masked.
    pub masked: String,
    /// Where it is in the scanned text (byte offsets into the original, not the folded text).
    pub span: Range<usize>,
}

impl Finding {
    /// The 1-based character position of the finding in `text` (the text that was scanned).
    pub fn column(&self, text: &str) -> usize {
        text.get(..self.span.start)
            .map_or(0, |before| before.chars().count())
            + 1
    }
}

/// Everything in `text` that looks like personal data, in order of appearance.
pub fn scan(text: &str) -> Vec<Finding> {
    if is_date_or_id(text) {
        return Vec::new();
    }
    // Cheap pre-filters, since this runs on every text value: each kind needs digits or an `@`
    // (or a spelt-out one). ASCII text is judged before folding, which changes neither.
    let worth_trying = |text: &str| {
        let digits = text.bytes().filter(u8::is_ascii_digit).count();
        (digits, text.contains('@') || has_spelt_at(text.as_bytes()))
    };
    let before = text.is_ascii().then(|| worth_trying(text));
    if before == Some((0, false)) {
        return Vec::new();
    }
    let folded = Folded::new(text);
    // Text folding left as it was (plain ASCII) was judged above already.
    let (digits, email_worth_trying) = match (&folded.text, before) {
        (Cow::Borrowed(_), Some(judged)) => judged,
        _ => worth_trying(&folded.text),
    };
    let bytes = folded.text.as_bytes();
    if digits == 0 && !email_worth_trying {
        return Vec::new();
    }
    let mut work = bytes.to_vec();
    let mut found: Vec<(Range<usize>, Kind)> = Vec::new();
    if email_worth_trying {
        emails(&mut work, &mut found);
    }
    if digits >= 6 {
        national_insurance(&mut work, &mut found);
    }
    if digits >= 10 {
        mask_harmless_numbers(&mut work);
        numbers(&mut work, &mut found);
    }
    if digits >= 1 && maybe_postcode(&work) {
        postcodes(&mut work, &mut found);
    }
    found.sort_by_key(|(r, _)| r.start);
    found
        .into_iter()
        .map(|(range, kind)| {
            let span = folded.original(range);
            Finding {
                kind,
                masked: mask(text.get(span.clone()).unwrap_or_default()),
                span,
            }
        })
        .collect()
}

// ------------------------------------------------------------------------------------------
// Folding, with the map back to the original

/// The text as the detectors read it. Every byte of `text` came from a piece of the original:
/// `map` holds that piece's range for each byte (`None` when the folding kept every offset).
struct Folded<'a> {
    text: Cow<'a, str>,
    map: Option<Vec<(usize, usize)>>,
}

impl<'a> Folded<'a> {
    fn new(original: &'a str) -> Folded<'a> {
        if original.is_ascii() {
            // The fast path: NFKC leaves ASCII alone, and folding its spaces keeps every offset.
            let text = if original
                .bytes()
                .any(|b| b.is_ascii_whitespace() && b != b' ')
            {
                Cow::Owned(
                    original
                        .chars()
                        .map(|c| if c.is_ascii_whitespace() { ' ' } else { c })
                        .collect(),
                )
            } else {
                Cow::Borrowed(original)
            };
            return Folded { text, map: None };
        }
        let nfkc = ComposingNormalizerBorrowed::new_nfkc();
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len());
        for piece in pieces(original) {
            let source = (piece.start, piece.end);
            let slice = original.get(piece).unwrap_or_default();
            let normalised = if slice.len() == 1 {
                Cow::Borrowed(slice) // one ASCII character: already normal
            } else {
                nfkc.normalize(slice)
            };
            for c in normalised.chars() {
                let Some(c) = fold(c) else { continue };
                let before = text.len();
                text.push(c);
                map.extend(std::iter::repeat_n(source, text.len() - before));
            }
        }
        Folded {
            text: Cow::Owned(text),
            map: Some(map),
        }
    }

    /// The original byte range a range of the folded text came from.
    fn original(&self, range: Range<usize>) -> Range<usize> {
        match &self.map {
            None => range,
            Some(map) => {
                let start = map.get(range.start).map_or(0, |p| p.0);
                let end = range
                    .end
                    .checked_sub(1)
                    .and_then(|last| map.get(last))
                    .map_or(start, |p| p.1);
                start..end
            }
        }
    }
}

/// The original cut where normalising piece by piece gives what normalising the whole would:
/// before every character that neither combines with nor composes into the one before it.
fn pieces(text: &str) -> Vec<Range<usize>> {
    let classes = CanonicalCombiningClassMapBorrowed::new();
    let compose = CanonicalCompositionBorrowed::new();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut previous: Option<char> = None;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        let joins = previous.is_some_and(|p| {
            !c.is_ascii() && (classes.get_u8(c) != 0 || compose.compose(p, c).is_some())
        });
        match out.last_mut() {
            Some(last) if joins => last.end = end,
            _ => out.push(i..end),
        }
        previous = Some(c);
    }
    out
}

/// One normalised character as the detectors read it: every space is a space, every dash a
/// hyphen-minus, and characters that do not show are dropped.
fn fold(c: char) -> Option<char> {
    match c {
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{2043}' | '\u{FE58}' | '\u{FE63}' => Some('-'),
        c if c.is_whitespace() => Some(' '),
        c => Some(c),
    }
}

// ------------------------------------------------------------------------------------------
// Email addresses

/// `x@example.com`, internationalised local parts and domains (`用户@例子.广告`), a space either
/// side of the `@`, and the spelt-out `jo[at]example[dot]com`. Any non-ASCII character but
/// common punctuation counts as a letter: as exact as Unicode's letter classes here, and a
/// tenth of the cost to build and run.
static EMAIL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let other = "[^\\x00-\\x7F\u{2018}\u{2019}\u{201C}\u{201D}\u{AB}\u{BB}\u{2022}\u{2026}]";
    let first = format!(r"(?:[A-Za-z0-9_]|{other})");
    let local = format!(r"(?:[A-Za-z0-9#$%&'*+^_~-]|{other})");
    let letter = format!(r"(?:[A-Za-z0-9]|{other})");
    let label = format!(r"{letter}(?:(?:{letter}|-)*{letter})?");
    let at = r"(?: ?@ ?| ?[\[({] ?(?i:at) ?[\])}] ?)";
    let dot = r"(?:\.| ?[\[({] ?(?i:dot) ?[\])}] ?| (?i:dot) )";
    let tld = format!(r"(?:(?:[A-Za-z]|{other})(?:[A-Za-z]|{other})+|(?i:xn--)[a-zA-Z0-9-]+)");
    Regex::new(&format!(
        r"{first}{local}*(?:\.{local}+)*{at}(?:{label}{dot})+{tld}"
    ))
    .ok()
});

/// Image and document names (`logo@2x.png`) have an `@` and a dot too.
const FILE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "pdf", "doc", "docx", "xls", "xlsx", "csv", "txt",
    "yaml", "yml", "json", "zip", "html", "htm", "md",
];

/// `[at]`, `(at)` or `{at}`, spaces allowed inside the brackets.
fn has_spelt_at(text: &[u8]) -> bool {
    // A count without branches vectorises; most text has no bracket and stops here.
    let brackets: usize = text
        .iter()
        .map(|&b| usize::from((b == b'(') | ((b | 0x20) == b'{')))
        .sum();
    if brackets == 0 {
        return false;
    }
    let skip_spaces = |t: &[u8]| -> usize { t.iter().take_while(|b| **b == b' ').count() };
    let mut rest = text;
    while let Some(i) = rest.iter().position(|b| matches!(b, b'[' | b'(' | b'{')) {
        rest = &rest[i + 1..];
        let word = &rest[skip_spaces(rest)..];
        if word.len() >= 2 && word[..2].eq_ignore_ascii_case(b"at") {
            let tail = &word[2..];
            if matches!(tail.get(skip_spaces(tail)), Some(b']' | b')' | b'}')) {
                return true;
            }
        }
    }
    false
}

fn emails(work: &mut [u8], found: &mut Vec<(Range<usize>, Kind)>) {
    let Some(re) = EMAIL.as_ref() else { return };
    let hits: Vec<Range<usize>> = re
        .find_iter(work)
        .filter(|m| {
            // The top-level domain: the letters after the last dot (or spelt-out dot).
            let text = m.as_bytes();
            let start = text
                .iter()
                .rposition(|b| matches!(b, b'.' | b' ' | b')' | b']' | b'}'))
                .map_or(0, |i| i + 1);
            let tld = String::from_utf8_lossy(&text[start..]).to_ascii_lowercase();
            !FILE_EXTENSIONS.contains(&tld.as_str())
        })
        .map(|m| m.range())
        .collect();
    for range in hits {
        take(work, found, range, Kind::Email);
    }
}

// ------------------------------------------------------------------------------------------
// National Insurance numbers

/// Two prefix letters, three pairs of digits, and the suffix A–D; any case, any spacing.
static NI: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([A-Z])([A-Z])[ ./-]{0,3}[0-9]{2}[ ./-]{0,3}[0-9]{2}[ ./-]{0,3}[0-9]{2}(?:[ ./-]{0,3}([A-D]))?\b")
        .ok()
});

fn national_insurance(work: &mut [u8], found: &mut Vec<(Range<usize>, Kind)>) {
    let Some(re) = NI.as_ref() else { return };
    let mut hits = Vec::new();
    for caps in re.captures_iter(work) {
        let (Some(all), Some(first), Some(second)) = (caps.get(0), caps.get(1), caps.get(2)) else {
            continue;
        };
        let first = first.as_bytes()[0].to_ascii_uppercase();
        let second = second.as_bytes()[0].to_ascii_uppercase();
        // Without its suffix letter, only where the text says it is one.
        let labelled = caps.get(3).is_some()
            || words_before(work, all.start())
                .iter()
                .take(4)
                .any(|w| matches!(w.as_str(), "ni" | "nino" | "insurance"));
        if valid_ni_prefix(first, second) && labelled {
            hits.push(all.range());
        }
    }
    for range in hits {
        take(work, found, range, Kind::NationalInsurance);
    }
}

/// HMRC's rules: D, F, I, Q, U and V are never first or second, O is never second, and BG, GB,
/// KN, NK, NT, TN and ZZ are not allocated.
fn valid_ni_prefix(first: u8, second: u8) -> bool {
    !b"DFIQUV".contains(&first)
        && !b"DFIOQUV".contains(&second)
        && ![*b"BG", *b"GB", *b"KN", *b"NK", *b"NT", *b"TN", *b"ZZ"].contains(&[first, second])
}

// ------------------------------------------------------------------------------------------
// Numbers: NHS numbers and phone numbers

/// Numbers that are never personal data, blanked before numbers are read so that their digits
/// join no chain: dates and date-times, times, money, percentages, versions and record ids.
static HARMLESS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?:T[0-9:.]+Z?)?\b",
        r"|\b[0-9]{1,2}[-/.][0-9]{1,2}[-/.](?:[0-9]{4}|[0-9]{2})\b",
        r"|\b[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?: ?[ap]m)?\b",
        r"|\b[0-9]{1,2}\.[0-9]{2} ?[ap]m\b",
        r"|[£$€¥] ?[0-9]+(?:[ ,.][0-9]+)*[km]?",
        r"|[0-9]+(?:[.,][0-9]+)? ?%",
        r"|\bv(?:ersion)? ?[0-9]+(?:\.[0-9]+)+",
        r"|\b[A-Z]{2,8}-[0-9]{4}-[0-9]{3,}\b",
    ))
    .ok()
});

fn mask_harmless_numbers(work: &mut [u8]) {
    let Some(re) = HARMLESS.as_ref() else { return };
    let blank: Vec<Range<usize>> = re
        .find_iter(work)
        .filter(|m| !impossible_day_month(m.as_bytes()))
        .map(|m| m.range())
        .collect();
    for range in blank {
        work[range].fill(BLANK);
    }
}

/// `12-34-56` has the shape of a day, month and year but cannot be one, so it is no date.
fn impossible_day_month(text: &[u8]) -> bool {
    let parts: Vec<&[u8]> = text.split(|b| matches!(b, b'-' | b'/' | b'.')).collect();
    match parts.as_slice() {
        [d, m, _] if d.len() <= 2 && d.iter().chain(m.iter()).all(u8::is_ascii_digit) => {
            !(1..=31).contains(&number(d)) || !(1..=12).contains(&number(m))
        }
        _ => false,
    }
}

fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0u32, |n, d| {
        n.saturating_mul(10).saturating_add(u32::from(d - b'0'))
    })
}

/// A run of digits, and what joins it to the next run.
#[derive(Debug, Clone)]
struct Group {
    range: Range<usize>,
    /// The separator after this group: its bytes' range in the text (empty for the last group).
    sep: Range<usize>,
}

/// Digit groups joined by short separators (spaces, one of `-./`, brackets), left to right.
fn chains(work: &[u8]) -> Vec<Vec<Group>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < work.len() {
        if !work[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut chain = Vec::new();
        loop {
            let start = i;
            while i < work.len() && work[i].is_ascii_digit() {
                i += 1;
            }
            let end = i;
            let sep_end = separator(work, i);
            match sep_end {
                Some(next) => {
                    chain.push(Group {
                        range: start..end,
                        sep: end..next,
                    });
                    i = next;
                }
                None => {
                    chain.push(Group {
                        range: start..end,
                        sep: end..end,
                    });
                    break;
                }
            }
        }
        out.push(chain);
    }
    out
}

/// Where the digits after a separator starting at `at` begin: up to three spaces, a closing
/// bracket, one of `-./`, an opening bracket, in that order, each optional, at most six bytes.
fn separator(work: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    let spaces = |i: &mut usize| {
        let mut n = 0;
        while n < 3 && work.get(*i) == Some(&b' ') {
            *i += 1;
            n += 1;
        }
    };
    spaces(&mut i);
    if work.get(i) == Some(&b')') {
        i += 1;
        spaces(&mut i);
    }
    if matches!(work.get(i), Some(b'-' | b'.' | b'/')) {
        i += 1;
        spaces(&mut i);
    }
    if work.get(i) == Some(&b'(') {
        i += 1;
        spaces(&mut i);
    }
    let ok = i > at && i - at <= 8 && work.get(i).is_some_and(u8::is_ascii_digit);
    ok.then_some(i)
}

/// Words that say a number is not about a person: an invoice, an order, an account…
const BUSINESS_LABELS: &[&str] = &[
    "invoice",
    "inv",
    "po",
    "order",
    "ord",
    "purchase",
    "receipt",
    "transaction",
    "txn",
    "ticket",
    "incident",
    "job",
    "batch",
    "serial",
    "sku",
    "part",
    "item",
    "account",
    "acct",
    "cheque",
    "payment",
    "voucher",
    "booking",
    "tracking",
    "consignment",
    "isbn",
    "version",
    "ver",
    "build",
    "uprn",
    "company",
    "companies",
    "charity",
    "registration",
    "reg",
    "licence",
    "license",
    "permit",
    "sort",
    "snomed",
    "ods",
    "cqc",
    "ukprn",
    "urn",
    "budget",
    "cost",
    "centre",
    "center",
    "project",
    "grant",
    "contract",
    "ledger",
    "nominal",
    "vat",
];
/// Words between a label and its number: "PO number 123", "Order no. 123".
const FILLER: &[&str] = &[
    "no",
    "number",
    "num",
    "nr",
    "ref",
    "reference",
    "id",
    "is",
    "code",
];

fn numbers(work: &mut [u8], found: &mut Vec<(Range<usize>, Kind)>) {
    let mut hits = Vec::new();
    for chain in chains(work) {
        let (Some(first), Some(last)) = (chain.first(), chain.last()) else {
            continue;
        };
        // Every number judged here has ten digits or more.
        let length: usize = chain.iter().map(|g| g.range.len()).sum();
        if length < 10
            || attached_before(work, first.range.start)
            || attached_after(work, last.range.end)
        {
            continue;
        }
        let business = words_before(work, first.range.start)
            .iter()
            .find(|w| !FILLER.contains(&w.as_str()))
            .is_some_and(|w| BUSINESS_LABELS.contains(&w.as_str()));
        if business {
            continue;
        }
        let plus = first.range.start > 0 && {
            let before = &work[..first.range.start];
            let trimmed = before.strip_suffix(b"(").unwrap_or(before);
            let trimmed = trimmed.strip_suffix(b" ").unwrap_or(trimmed);
            trimmed.ends_with(b"+")
        };
        // A number is a whole chain; failing that, each part of a chain that a slash divides
        // (`0161 496 0123 / 07700 900123`).
        let judged = |part: &[Group], plus: bool| {
            if is_phone(work, part, plus) {
                Some(Kind::Phone)
            } else if !plus && is_nhs_window(work, part) {
                Some(Kind::NhsNumber)
            } else {
                None
            }
        };
        if let Some(kind) = judged(&chain, plus) {
            hits.push((first.range.start..last.range.end, kind));
            continue;
        }
        let parts = chain.split_inclusive(|g| work[g.sep.clone()].contains(&b'/'));
        if parts.clone().count() < 2 {
            continue;
        }
        for (n, part) in parts.enumerate() {
            let (Some(a), Some(b)) = (part.first(), part.last()) else {
                continue;
            };
            if let Some(kind) = judged(part, plus && n == 0) {
                hits.push((a.range.start..b.range.end, kind));
            }
        }
    }
    for (range, kind) in hits {
        take(work, found, range, kind);
    }
}

/// Part of a word or code before the number: `INV20250114001`, `ACT-2025`, `A/123`.
fn attached_before(work: &[u8], start: usize) -> bool {
    let Some(&b) = start.checked_sub(1).and_then(|i| work.get(i)) else {
        return false;
    };
    if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80 {
        return true;
    }
    matches!(b, b'-' | b'/')
        && start
            .checked_sub(2)
            .and_then(|i| work.get(i))
            .is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Part of a word or code after the number: `12pm`, `40615-7`, `12.5%`, `10:30`.
fn attached_after(work: &[u8], end: usize) -> bool {
    let Some(&b) = work.get(end) else {
        return false;
    };
    if b.is_ascii_alphanumeric() || b == b'_' || b == b'%' || b >= 0x80 {
        return true;
    }
    matches!(b, b'-' | b'.' | b'/' | b':' | b',')
        && work.get(end + 1).is_some_and(u8::is_ascii_digit)
        || matches!(b, b'-' | b'/') && work.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)
}

fn digits_of(work: &[u8], window: &[Group]) -> Vec<u8> {
    window
        .iter()
        .flat_map(|g| work[g.range.clone()].iter().copied())
        .collect()
}

fn seps_within<'w>(work: &'w [u8], window: &[Group]) -> impl Iterator<Item = &'w [u8]> {
    let inner = window.len().saturating_sub(1);
    window[..inner].iter().map(|g| &work[g.sep.clone()])
}

/// Ten digits, whole or in two to four groups of three or more (3-3-4 as printed, 3-4-3,
/// 5-5…), with a valid check digit, and not a placeholder of one digit repeated.
fn is_nhs_window(work: &[u8], window: &[Group]) -> bool {
    if window.len() > 4 || (window.len() > 1 && window.iter().any(|g| g.range.len() < 3)) {
        return false;
    }
    if seps_within(work, window).any(|s| s.contains(&b'(') || s.contains(&b')')) {
        return false;
    }
    let digits = digits_of(work, window);
    nhs_check_digit_holds(&digits) && digits.iter().any(|d| *d != digits[0])
}

/// A UK number by Ofcom's plan: +44, 0044 or the trunk 0, then a national number of 9 or 10
/// digits whose first says what it is (1 and 2 geographic, 3 non-geographic, 5 corporate, 7
/// mobile, 8 freephone and special rates, 9 premium); 0, 4 and 6 start none.
fn is_phone(work: &[u8], window: &[Group], plus: bool) -> bool {
    if seps_within(work, window).any(|s| s.contains(&b'/')) {
        return false;
    }
    let digits = digits_of(work, window);
    let international = if plus {
        digits.strip_prefix(b"44")
    } else {
        digits.strip_prefix(b"0044")
    };
    let national = match international {
        // `+44 (0)20…`, and the common `+44 020…`.
        Some(rest) => rest.strip_prefix(b"0").unwrap_or(rest),
        None if plus => return false,
        None => {
            // A trunk 0, in a first group of an area code's length (or the whole number).
            let first = window[0].range.len();
            let whole = window.len() == 1 && (10..=11).contains(&first);
            if !whole && !(3..=6).contains(&first) && &work[window[0].range.clone()] != b"0" {
                return false;
            }
            match digits.strip_prefix(b"0") {
                Some(rest) => rest,
                None => return false,
            }
        }
    };
    // Every group after the first is a real part of a number, not a stray digit (but `(0)`),
    // and a number ends in at least three digits (`0161 4960 12` is a code).
    if window.last().is_some_and(|g| g.range.len() < 3) {
        return false;
    }
    if window.len() > 1
        && window[1..].iter().any(|g| {
            g.range.len() < 2 && !(&work[g.range.clone()] == b"0" && international.is_some())
        })
    {
        return false;
    }
    matches!(
        (national.first(), national.len()),
        (Some(b'1' | b'8'), 9 | 10) | (Some(b'2' | b'3' | b'5' | b'7' | b'9'), 10)
    )
}

/// Ten digits whose last is the modulus-11 check digit of the first nine.
pub fn is_nhs_number(text: &str) -> bool {
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_digit).collect();
    nhs_check_digit_holds(&digits)
}

fn nhs_check_digit_holds(digits: &[u8]) -> bool {
    if digits.len() != 10 {
        return false;
    }
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(d, weight)| u32::from(d - b'0') * weight)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == u32::from(digits[9] - b'0')
}

// ------------------------------------------------------------------------------------------
// Postcodes

/// An outward code, up to three spaces or a dash, an inward code; GIR 0AA; BFPO and a number.
/// Any case.
static POSTCODE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:GIR {0,3}0AA|BFPO {0,3}[0-9]{1,4}|(?P<out>[A-Z]{1,2}[0-9][A-Z0-9]?)(?: {0,3}| ?- ?)(?P<in>[0-9][A-Z]{2}))\b",
    )
    .ok()
});

/// Every postcode has a letter just before a digit (`LS1`), but GIR 0AA and BFPO numbers.
fn maybe_postcode(work: &[u8]) -> bool {
    work.windows(2)
        .any(|w| w[0].is_ascii_alphabetic() && w[1].is_ascii_digit())
        || work.windows(3).any(|w| w.eq_ignore_ascii_case(b"gir"))
        || work.windows(4).any(|w| w.eq_ignore_ascii_case(b"bfpo"))
}

fn postcodes(work: &mut [u8], found: &mut Vec<(Range<usize>, Kind)>) {
    let Some(re) = POSTCODE.as_ref() else { return };
    let mut hits = Vec::new();
    for caps in re.captures_iter(work) {
        let Some(all) = caps.get(0) else { continue };
        let valid = match (caps.name("out"), caps.name("in")) {
            (Some(outward), Some(inward)) => {
                valid_outward(outward.as_bytes()) && valid_inward(inward.as_bytes())
            }
            _ => true,
        };
        if valid {
            hits.push(all.range());
        }
    }
    for range in hits {
        take(work, found, range, Kind::Postcode);
    }
}

/// Royal Mail's rules for the outward code: A9, A99, A9A, AA9, AA99, AA9A; Q, V and X never
/// first; I, J and Z never second; only ABCDEFGHJKPSTUW third in A9A; only ABEHMNPRVWXY
/// fourth in AA9A.
fn valid_outward(outward: &[u8]) -> bool {
    let up: Vec<u8> = outward.iter().map(u8::to_ascii_uppercase).collect();
    let letter = |i: usize| up.get(i).is_some_and(u8::is_ascii_uppercase);
    let digit = |i: usize| up.get(i).is_some_and(u8::is_ascii_digit);
    if b"QVX".contains(&up[0]) {
        return false;
    }
    match up.len() {
        2 => digit(1),
        3 if digit(1) && digit(2) => true,
        3 if digit(1) && letter(2) => b"ABCDEFGHJKPSTUW".contains(&up[2]),
        3 if letter(1) && digit(2) => !b"IJZ".contains(&up[1]),
        4 if letter(1) && digit(2) && digit(3) => !b"IJZ".contains(&up[1]),
        4 if letter(1) && digit(2) && letter(3) => {
            !b"IJZ".contains(&up[1]) && b"ABEHMNPRVWXY".contains(&up[3])
        }
        _ => false,
    }
}

/// The inward code: a digit and two letters, never C, I, K, M, O or V — and not an ordinal
/// written in lower case (`B1 3rd floor`).
fn valid_inward(inward: &[u8]) -> bool {
    let letters = &inward[1..];
    let ordinal = match inward[0] {
        b'1' => b"st",
        b'2' => b"nd",
        b'3' => b"rd",
        _ => b"th",
    };
    !letters
        .iter()
        .any(|l| b"CIKMOV".contains(&l.to_ascii_uppercase()))
        && letters != ordinal
}

// ------------------------------------------------------------------------------------------
// Shared

/// What replaces a found or harmless stretch of the working text: same length, so offsets hold.
const BLANK: u8 = 0x01;

fn take(work: &mut [u8], found: &mut Vec<(Range<usize>, Kind)>, range: Range<usize>, kind: Kind) {
    if let Some(slice) = work.get_mut(range.clone()) {
        slice.fill(BLANK);
        found.push((range, kind));
    }
}

/// The words just before `at` on its line, nearest first, lower-cased.
fn words_before(work: &[u8], at: usize) -> Vec<String> {
    let from = at.saturating_sub(40);
    let before = &work[from..at];
    let line = before.rsplit(|&b| b == b'\n').next().unwrap_or(before);
    line.split(|b| !b.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(4)
        .map(|w| String::from_utf8_lossy(w).to_ascii_lowercase())
        .collect()
}

/// `2025-03-14` or `ACT-2025-0003`: the values that fill most fields and never hold personal data.
fn is_date_or_id(text: &str) -> bool {
    if crate::record::parse_date(text).is_some() {
        return true;
    }
    let mut parts = text.split('-');
    let prefix_ok = parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_uppercase()));
    let year_ok = parts
        .next()
        .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
    let seq_ok = parts
        .next()
        .is_some_and(|n| n.len() >= 4 && n.bytes().all(|b| b.is_ascii_digit()));
    prefix_ok && year_ok && seq_ok && parts.next().is_none()
}

fn mask(text: &str) -> String {
    let mut shown = 0;
    text.chars()
        .map(|c| {
            if !c.is_alphanumeric() {
                c
            } else if shown < 2 {
                shown += 1;
                c
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        scan(text).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn nhs_numbers_need_a_valid_check_digit() {
        // 943 476 5919: 9×10+4×9+3×8+4×7+7×6+6×5+5×4+9×3+1×2 = 299; 299 mod 11 = 2; 11−2 = 9. Valid.
        assert!(is_nhs_number("943 476 5919"));
        assert!(is_nhs_number("943-476-5919"));
        assert!(is_nhs_number("9434765919"));
        // Same digits with the wrong check digit.
        assert!(!is_nhs_number("943 476 5918"));
        // 401 023 2137: 4×10+0+1×8+0+2×6+3×5+2×4+1×3+3×2 = 92; 92 mod 11 = 4; 11−4 = 7. Valid.
        assert!(is_nhs_number("4010232137"));
        assert_eq!(kinds("NHS no 943 476 5919 on file"), vec![Kind::NhsNumber]);
        assert_eq!(kinds("ref 943 476 5918 on file"), Vec::<Kind>::new());
    }

    #[test]
    fn nhs_numbers_are_found_however_they_are_spaced() {
        for text in [
            "943  476  5919",
            "943\u{a0}476\u{a0}5919",
            "943.476.5919",
            "943\u{2009}476\u{2009}5919",
            "943\u{2013}476\u{2013}5919",
            // Full-width digits and an ideographic space become ASCII under NFKC.
            "\u{ff19}\u{ff14}\u{ff13}\u{3000}\u{ff14}\u{ff17}\u{ff16}\u{3000}\u{ff15}\u{ff19}\u{ff11}\u{ff19}",
            "943\u{200b}476\u{200b}5919",
        ] {
            assert_eq!(kinds(text), vec![Kind::NhsNumber], "{text:?}");
        }
    }

    #[test]
    fn other_identifiers_are_found() {
        assert_eq!(kinds("NI AB 12 34 56 C"), vec![Kind::NationalInsurance]);
        assert_eq!(kinds("ni ab 12 34 56 c"), vec![Kind::NationalInsurance]);
        assert_eq!(kinds("write to jo.bloggs@example.com"), vec![Kind::Email]);
        assert_eq!(kinds("write to jörg@münchen.example"), vec![Kind::Email]);
        assert_eq!(kinds("call 0161 496 0000 today"), vec![Kind::Phone]);
        assert_eq!(kinds("call 0161.496.0000 today"), vec![Kind::Phone]);
        assert_eq!(kinds("mobile 07700 900123"), vec![Kind::Phone]);
        assert_eq!(kinds("ring +44 20 7946 0000"), vec![Kind::Phone]);
        assert_eq!(kinds("ring 0044 (0)20 7946 0000"), vec![Kind::Phone]);
        assert_eq!(kinds("lives near LS1 4AP"), vec![Kind::Postcode]);
        assert_eq!(kinds("SW1A 1AA"), vec![Kind::Postcode]);
        assert_eq!(kinds("wc2n5du"), vec![Kind::Postcode]);
    }

    #[test]
    fn ordinary_record_text_is_not_flagged() {
        for text in [
            "ACT-2025-0003",
            "AUD-2024-10001",
            "2025-03-14",
            "P1234567",
            "jsmith",
            "a.khan",
            "Acknowledged on 2025-01-08 after 3 working days",
            "Discussed at QS7 board; 20 working days; see ACT-2025-0003 and REV-2024-0002",
            "Mental capacity assessment not decision-specific (Care Act 2014 s.9)",
            "Between 2024-04-01 and 2025-03-31 there were 1234 contacts",
            "INV 20250114001",
            "PO 4500123456",
            "2025-01-01 - 2025-03-31",
            "01/04/2025\u{2013}31/03/2026",
            "QQ1 1QQ",
            "ward B1 3rd floor",
        ] {
            assert_eq!(kinds(text), Vec::<Kind>::new(), "{text}");
        }
    }

    #[test]
    fn postcode_letters_follow_royal_mails_rules() {
        // Each outward form, then a letter each rule forbids in its place.
        for good in [
            &b"M1"[..],
            b"M60",
            b"W1A",
            b"CR2",
            b"DN55",
            b"EC1A",
            b"WC2N",
        ] {
            assert!(valid_outward(good), "{}", String::from_utf8_lossy(good));
        }
        for bad in [
            &b"Q1"[..],
            b"V60",
            b"X1A",
            b"AI2",
            b"AJ55",
            b"AZ1A",
            b"W1I",
            b"EC1C",
        ] {
            assert!(!valid_outward(bad), "{}", String::from_utf8_lossy(bad));
        }
        assert!(valid_inward(b"1AA"));
        assert!(!valid_inward(b"1CA"));
        assert!(!valid_inward(b"1AV"));
        assert!(valid_inward(b"3RD"));
        assert!(!valid_inward(b"3rd"));
    }

    #[test]
    fn ni_prefixes_follow_hmrcs_rules() {
        assert!(valid_ni_prefix(b'A', b'B'));
        assert!(valid_ni_prefix(b'O', b'A'));
        assert!(!valid_ni_prefix(b'D', b'A'));
        assert!(!valid_ni_prefix(b'A', b'O'));
        assert!(!valid_ni_prefix(b'G', b'B'));
        assert!(!valid_ni_prefix(b'Z', b'Z'));
        // Without its suffix, an NI number is one only where the text says so.
        assert_eq!(kinds("NI: AB 12 34 56"), vec![Kind::NationalInsurance]);
        assert_eq!(kinds("box AB 12 34 56"), Vec::<Kind>::new());
    }

    #[test]
    fn phones_follow_the_uk_numbering_plan() {
        // 04 and 06 start no UK number; 020 numbers have 10 digits after the 0.
        assert_eq!(kinds("0611 496 0123"), Vec::<Kind>::new());
        assert_eq!(kinds("020 7946 012"), Vec::<Kind>::new());
        assert_eq!(kinds("+33 1 23 45 67 89"), Vec::<Kind>::new());
        // Two numbers a slash divides are two numbers.
        assert_eq!(
            kinds("0161 496 0123 / 07700 900123"),
            vec![Kind::Phone, Kind::Phone]
        );
    }

    #[test]
    fn spans_point_into_the_original_text() {
        // A non-breaking space (2 bytes) and full-width digits (3 bytes each) before and inside.
        let text = "Tel\u{a0}\u{ff10}161 496 0123, postcode LS1 4AP";
        let found = scan(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].kind, Kind::Phone);
        assert_eq!(&text[found[0].span.clone()], "\u{ff10}161 496 0123");
        assert_eq!(found[0].column(text), 5);
        assert_eq!(&text[found[1].span.clone()], "LS1 4AP");
        assert_eq!(found[1].column(text), 29);
    }

    #[test]
    fn findings_are_masked() {
        let found = scan("jo.bloggs@example.com");
        assert_eq!(found[0].masked, "jo.******@*******.***");
        let found = scan("at LS1 4AP");
        assert_eq!(found[0].masked, "LS* ***");
    }
}
