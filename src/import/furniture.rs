//! Page furniture: the lines a web page puts around an article ("Advertisement", "Share this
//! article", "Sign up for our newsletter", photo credits, cookie notices...) that come along when
//! the article is copied from a browser or saved. They are dropped from the import and listed
//! in the command's report, so the editor sees what went and can put a line back.
//!
//! The patterns are deliberately narrow: a line is furniture only when the whole line is one of
//! these phrases or starts with one and is short. Real prose (a sentence ending with a full stop
//! that merely starts "Sign up for…") stays, except for cookie notices, which are sentences.

/// What kind of page furniture a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Furniture {
    /// "Advertisement", "Sponsored", "Story continues below advertisement".
    Advertisement,
    /// "Share this article", "Copy link", "Print", "Listen to this article", "2 comments".
    Sharing,
    /// "Sign up for our newsletter", "Subscribe to updates from this blog".
    Newsletter,
    /// "Read more: …", "Related stories", "Most read".
    RelatedLinks,
    /// "Photo: Reuters", "(Getty Images)", "Image caption, …".
    PhotoCredit,
    /// "We use cookies…", "Accept all", "Manage preferences".
    CookieNotice,
    /// "Skip to main content", "Back to top", "Menu".
    Navigation,
    /// "Tags: …", "Categories: …", "5 min read".
    PageMetadata,
    /// "© 2025 The Daily Planet", "All rights reserved".
    Copyright,
    /// "Is this page useful?", "Report a problem with this page".
    Feedback,
}

impl Furniture {
    /// The kind in a few words, for the report.
    pub fn describe(self) -> &'static str {
        match self {
            Furniture::Advertisement => "advertisement",
            Furniture::Sharing => "sharing button",
            Furniture::Newsletter => "newsletter sign-up",
            Furniture::RelatedLinks => "related link",
            Furniture::PhotoCredit => "photo credit",
            Furniture::CookieNotice => "cookie notice",
            Furniture::Navigation => "navigation",
            Furniture::PageMetadata => "page metadata",
            Furniture::Copyright => "copyright line",
            Furniture::Feedback => "feedback prompt",
        }
    }
}

/// Whole lines (lower case, without final punctuation) that are furniture, by kind.
const WHOLE: &[(Furniture, &[&str])] = &[
    (
        Furniture::Advertisement,
        &[
            "advertisement",
            "advert",
            "ad",
            "ads",
            "sponsored",
            "sponsored content",
            "paid content",
            "promoted",
            "supported by",
            "skip advertisement",
            "advertisement - scroll to continue",
            "advertisement – scroll to continue",
            "scroll to continue with content",
            "story continues below advertisement",
            "article continues below advertisement",
            "article continues below",
            "story continues below",
            "continue reading below",
            "continue reading the main story",
        ],
    ),
    (
        Furniture::Sharing,
        &[
            "share",
            "share this",
            "share this article",
            "share this story",
            "share this page",
            "share this post",
            "share article",
            "share story",
            "sharing and comments",
            "copy link",
            "copy link to clipboard",
            "link copied",
            "tweet",
            "facebook",
            "twitter",
            "x",
            "linkedin",
            "whatsapp",
            "reddit",
            "email",
            "print",
            "print this page",
            "save",
            "save article",
            "save for later",
            "saved",
            "bookmark",
            "gift article",
            "gift this article",
            "comments",
            "comment",
            "leave a comment",
            "view comments",
            "show comments",
            "jump to comments",
            "listen",
            "listen to this article",
            "follow",
            "follow us",
        ],
    ),
    (Furniture::Newsletter, &["newsletter", "subscribe", "sign up", "log in", "sign in", "register", "subscribe now"]),
    (
        Furniture::RelatedLinks,
        &[
            "read more",
            "related",
            "related articles",
            "related stories",
            "related content",
            "related topics",
            "related reading",
            "more on this story",
            "more stories",
            "more from this author",
            "most read",
            "most popular",
            "most viewed",
            "recommended",
            "recommended for you",
            "you may also like",
            "you might also like",
            "top stories",
            "trending",
            "continue reading",
            "read the full story",
            "read next",
            "up next",
            "explore the topic",
            "explore more",
        ],
    ),
    (
        Furniture::CookieNotice,
        &[
            "accept",
            "accept all",
            "accept all cookies",
            "accept cookies",
            "accept additional cookies",
            "reject all",
            "reject additional cookies",
            "reject cookies",
            "view cookies",
            "manage cookies",
            "manage preferences",
            "manage settings",
            "cookie settings",
            "cookie policy",
            "cookies",
            "i accept",
            "i agree",
            "ok, got it",
            "got it",
        ],
    ),
    (
        Furniture::Navigation,
        &[
            "skip to main content",
            "skip to content",
            "skip to navigation",
            "skip to footer",
            "back to top",
            "return to top",
            "menu",
            "main menu",
            "open menu",
            "close menu",
            "close",
            "search",
            "home",
            "navigation",
            "next article",
            "previous article",
            "next story",
            "previous story",
            "loading",
            "loading…",
            "loading...",
        ],
    ),
    (Furniture::Copyright, &["all rights reserved"]),
    (
        Furniture::Feedback,
        &[
            "is this page useful",
            "was this page useful",
            "was this page helpful",
            "is this page useful? yes no",
            "report a problem with this page",
            "thank you for your feedback",
        ],
    ),
];

/// Beginnings (lower case) of short furniture lines, by kind. A line with one of these is
/// furniture only when it has at most [`SHORT_WORDS`] words and does not end a sentence.
const PREFIXES: &[(Furniture, &[&str])] = &[
    (Furniture::Sharing, &["share on ", "share via ", "share to ", "follow us on "]),
    (
        Furniture::Newsletter,
        &[
            "sign up for ",
            "sign up to ",
            "subscribe to ",
            "subscribe for ",
            "subscribe from ",
            "get our ",
            "get the latest ",
            "newsletter sign",
        ],
    ),
    (
        Furniture::RelatedLinks,
        &[
            "read more:",
            "read more about",
            "related:",
            "also read:",
            "see also:",
            "read next:",
            "more from ",
            "more on ",
        ],
    ),
    (
        Furniture::PhotoCredit,
        &[
            "photo:",
            "photograph:",
            "photo by ",
            "photography:",
            "photo credit",
            "photos:",
            "image:",
            "image credit",
            "image source",
            "image caption",
            "picture:",
            "pictured:",
            "illustration:",
            "credit:",
            "video:",
            "watch:",
        ],
    ),
    (Furniture::PageMetadata, &["tags:", "topics:", "categories:", "category:", "filed under:", "reading time:"]),
    (Furniture::Copyright, &["©", "(c) 20", "copyright ©", "copyright 19", "copyright 20"]),
];

/// Words that make a line in parentheses a photo credit: `(Getty Images)`, `(AP Photo/…)`.
const CREDIT_WORDS: &[&str] = &[
    "photo",
    "photograph",
    "image",
    "images",
    "getty",
    "reuters",
    "ap",
    "afp",
    "epa",
    "pa",
    "shutterstock",
    "alamy",
    "credit",
];

/// Most words a prefixed furniture line can have.
const SHORT_WORDS: usize = 15;

/// The kind of furniture `line` is, or `None` for article text.
pub fn furniture(line: &str) -> Option<Furniture> {
    let line = line.trim();
    let lower = line.to_lowercase();
    let bare = lower
        .trim_end_matches(|c: char| matches!(c, '.' | ':' | '?' | '›' | '»' | '→' | '>' | '|') || c.is_whitespace());
    if let Some(&(kind, _)) = WHOLE.iter().find(|(_, lines)| lines.contains(&bare)) {
        return Some(kind);
    }
    if is_cookie_notice(&lower) {
        return Some(Furniture::CookieNotice);
    }
    let words = line.split_whitespace().count();
    let ends_sentence = line.ends_with(['.', '!', '?']) && !line.ends_with("...");
    if words <= SHORT_WORDS && !ends_sentence {
        let prefixed = PREFIXES.iter().find(|(_, starts)| starts.iter().any(|s| lower.starts_with(s)));
        if let Some(&(kind, _)) = prefixed {
            return Some(kind);
        }
    }
    if words <= SHORT_WORDS && (lower.contains("all rights reserved") || lower.starts_with('©')) {
        return Some(Furniture::Copyright);
    }
    if is_credit_in_parentheses(&lower) {
        return Some(Furniture::PhotoCredit);
    }
    (words <= 4 && is_reading_time(&lower)).then_some(Furniture::PageMetadata)
}

/// "We use cookies to…", "This site uses cookies…": a sentence about cookies and consent.
fn is_cookie_notice(lower: &str) -> bool {
    const CONSENT: &[&str] =
        &["we use", "uses cookies", "accept", "consent", "privacy", "preferences", "cookie settings", "reject"];
    lower.contains("cookie") && lower.split_whitespace().count() <= 60 && CONSENT.iter().any(|w| lower.contains(w))
}

/// `(Getty Images)`, `(AP Photo/Jane Doe)`: a short line in parentheses naming a picture source.
fn is_credit_in_parentheses(lower: &str) -> bool {
    let Some(inner) = lower.strip_prefix('(').and_then(|l| l.strip_suffix(')')) else {
        return false;
    };
    let words: Vec<&str> = inner.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.len() <= 8 && words.iter().any(|w| CREDIT_WORDS.contains(w))
}

/// `5 min read`, `12 minute read`, `3 min listen`.
fn is_reading_time(lower: &str) -> bool {
    let mut words = lower.split_whitespace();
    let number = words.next().is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()));
    let unit = words.next().is_some_and(|w| matches!(w, "min" | "mins" | "minute" | "minutes"));
    number && unit && words.next().is_some_and(|w| matches!(w, "read" | "listen"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines_are_recognised_with_their_kind() {
        for (line, kind) in [
            ("Advertisement", Furniture::Advertisement),
            ("ADVERTISEMENT", Furniture::Advertisement),
            ("Story continues below advertisement", Furniture::Advertisement),
            ("Share this article", Furniture::Sharing),
            ("Share on Facebook", Furniture::Sharing),
            ("Listen to this article", Furniture::Sharing),
            ("Sign up for our newsletter", Furniture::Newsletter),
            ("Sign up for our science newsletter", Furniture::Newsletter),
            ("Subscribe to updates from this blog", Furniture::Newsletter),
            ("Read more", Furniture::RelatedLinks),
            ("Read more: How astronomers name comets", Furniture::RelatedLinks),
            ("Related stories", Furniture::RelatedLinks),
            ("Photo: Reuters", Furniture::PhotoCredit),
            ("Photograph: University of Hawaii", Furniture::PhotoCredit),
            ("(Getty Images)", Furniture::PhotoCredit),
            ("(AP Photo/Jane Doe)", Furniture::PhotoCredit),
            ("We use some essential cookies to make this website work.", Furniture::CookieNotice),
            ("Accept additional cookies", Furniture::CookieNotice),
            ("Skip to main content", Furniture::Navigation),
            ("Tags: bus data, open standards", Furniture::PageMetadata),
            ("6 min read", Furniture::PageMetadata),
            ("© 2025 The Daily Planet Ltd. All rights reserved.", Furniture::Copyright),
            ("Is this page useful?", Furniture::Feedback),
        ] {
            assert_eq!(furniture(line), Some(kind), "{line}");
        }
    }

    #[test]
    fn prose_that_starts_like_furniture_is_kept() {
        for line in [
            "Advertisement revenue fell by a third in 2024.",
            "Sign up for the scheme opened on Monday, and 4,000 households applied.",
            "Read more widely, the report says, and the numbers look better.",
            "Photo radar cameras were installed on the bridge in 2019, the council said, and fines rose.",
            "Share prices rose 6.4% on Thursday.",
            "(The file was lost in 2019.)",
            "Email addresses of 300 staff were exposed.",
            "Home owners will pay less.",
        ] {
            assert_eq!(furniture(line), None, "{line}");
        }
    }
}
