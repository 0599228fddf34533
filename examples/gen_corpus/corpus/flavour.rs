//! The same corpus for three generators: glosa's explainer layout, and Hugo's and Zola's, whose
//! front matter keeps the same data under the keys each understands and whose minimal templates
//! render the same pages (home, article and term pages, section lists, tag pages).

use super::article::Article;
use super::glossary::Term;
use std::fmt::Write as _;
use std::str::FromStr;

/// Which generator a corpus is laid out for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    /// glosa: `content/site.yaml`, articles and glossary with glosa's front matter.
    Explainer,
    /// Hugo: `hugo.toml` and `layouts/`; term aliases as `term_aliases` (Hugo's `aliases` are
    /// redirects).
    Hugo,
    /// Zola: `config.toml` and `templates/`; everything Zola does not know under `extra`.
    Zola,
}

impl Flavour {
    /// Its name on the command line and in `corpus.json`.
    pub fn name(self) -> &'static str {
        match self {
            Flavour::Explainer => "explainer",
            Flavour::Hugo => "hugo",
            Flavour::Zola => "zola",
        }
    }
}

impl FromStr for Flavour {
    type Err = String;

    fn from_str(name: &str) -> Result<Flavour, String> {
        [Flavour::Explainer, Flavour::Hugo, Flavour::Zola]
            .into_iter()
            .find(|flavour| flavour.name() == name)
            .ok_or_else(|| format!("unknown flavour `{name}` (explainer, hugo or zola)"))
    }
}

/// A YAML double-quoted scalar (a JSON string is one).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

/// A YAML flow list of quoted strings.
fn list<S: AsRef<str>>(items: &[S]) -> String {
    format!("[{}]", items.iter().map(|item| quoted(item.as_ref())).collect::<Vec<_>>().join(", "))
}

/// The article's file: front matter in `flavour` and the body.
pub fn article_file(article: &Article, flavour: Flavour) -> String {
    let mut claims = String::new();
    for (k, claim) in article.claims.iter().enumerate() {
        let _ = write!(
            claims,
            "\n  c{}:\n    verdict: {}\n    note: {}\n    sources:",
            k + 1,
            claim.verdict,
            quoted(&claim.note)
        );
        for (title, url) in &claim.sources {
            let _ = write!(claims, "\n      - {{title: {}, url: {}}}", quoted(title), quoted(url));
        }
    }
    let (source_name, source_url) = &article.source;
    let source = format!("{{name: {}, url: {}, published: {}}}", quoted(source_name), quoted(source_url), article.date);
    let correction = article
        .correction
        .as_ref()
        .map(|(date, text)| (date, format!("\n  - {{date: {date}, text: {}}}", quoted(text))));
    let mut out = format!("---\ntitle: {}\ndate: {}\n", quoted(&article.title), article.date);
    if flavour == Flavour::Zola {
        let _ = writeln!(out, "description: {}", quoted(&article.summary));
        if let Some((date, _)) = &correction {
            let _ = writeln!(out, "updated: {date}");
        }
        let _ = writeln!(out, "taxonomies:\n  tags: {}\nextra:", list(&article.tags));
        // Zola keeps what it does not know under `extra`: the same data, indented one level.
        let mut extra =
            format!("summary: {}\nauthors: {}\nsource: {source}\n", quoted(&article.summary), list(&article.authors));
        if let Some((_, text)) = &correction {
            let _ = writeln!(extra, "corrections:{text}");
        }
        let _ = writeln!(extra, "claims:{claims}");
        for line in extra.lines() {
            let _ = writeln!(out, "  {line}");
        }
    } else {
        let _ = write!(
            out,
            "summary: {}\ntags: {}\nauthors: {}\nsource: {source}\n",
            quoted(&article.summary),
            list(&article.tags),
            list(&article.authors)
        );
        if let Some((date, text)) = &correction {
            let _ = writeln!(out, "updated: {date}\ncorrections:{text}");
        }
        let _ = writeln!(out, "claims:{claims}");
    }
    out + "---\n\n" + &article.body
}

/// The term's file: front matter in `flavour` and the explanation.
pub fn term_file(term: &Term, flavour: Flavour) -> String {
    let front = match flavour {
        // Every generated term is the subject's vocabulary, meant to link wherever it is used,
        // ordinary English word or not: `autolink: true` says so (no `ordinary-word` warning).
        Flavour::Explainer => format!(
            "term: {}\naliases: {}\nshort: {}\nsee_also: {}\nautolink: true\n",
            quoted(&term.name),
            list(&term.aliases),
            quoted(&term.short),
            list(&term.see_also)
        ),
        Flavour::Hugo => format!(
            "title: {0}\nterm: {0}\nterm_aliases: {1}\nshort: {2}\nsee_also: {3}\n",
            quoted(&term.name),
            list(&term.aliases),
            quoted(&term.short),
            list(&term.see_also)
        ),
        Flavour::Zola => format!(
            "title: {0}\nextra:\n  term: {0}\n  aliases: {1}\n  short: {2}\n  see_also: {3}\n",
            quoted(&term.name),
            list(&term.aliases),
            quoted(&term.short),
            list(&term.see_also)
        ),
    };
    format!("---\n{front}---\n\n{}", term.body)
}

const TITLE: &str = "Explainer Bench";
const DESCRIPTION: &str = "Generated explainers with a glossary, for timing static site generators.";

/// The files besides articles and terms that `flavour` needs: site settings, section pages and,
/// for Hugo and Zola, templates as plain as glosa's bare theme is not (a page with its title,
/// date, tags and content; lists of pages; tag pages).
pub fn scaffold(flavour: Flavour) -> Vec<(&'static str, String)> {
    let title = quoted(TITLE);
    match flavour {
        Flavour::Explainer => vec![
            (
                "content/site.yaml",
                format!("title: {title}\ndescription: {}\nbase_url: \"/\"\nlanguage: en\n", quoted(DESCRIPTION)),
            ),
            ("content/_index.md", format!("---\ntitle: {title}\n---\n{DESCRIPTION}\n")),
        ],
        Flavour::Hugo => vec![
            ("hugo.toml", format!("title = {title}\n{HUGO_CONFIG}[params]\ndescription = {}\n", quoted(DESCRIPTION))),
            ("layouts/_default/baseof.html", HUGO_BASE.into()),
            ("layouts/_default/single.html", HUGO_SINGLE.into()),
            ("layouts/_default/list.html", HUGO_LIST.into()),
            ("layouts/index.html", HUGO_HOME.into()),
            ("content/_index.md", format!("---\ntitle: {title}\n---\n")),
            ("content/articles/_index.md", "---\ntitle: \"Articles\"\n---\n".into()),
            ("content/glossary/_index.md", "---\ntitle: \"Glossary\"\n---\n".into()),
        ],
        Flavour::Zola => vec![
            (
                "config.toml",
                format!("base_url = \"/\"\ntitle = {title}\ndescription = {}\n{ZOLA_CONFIG}", quoted(DESCRIPTION)),
            ),
            ("templates/base.html", ZOLA_BASE.into()),
            ("templates/index.html", ZOLA_HOME.into()),
            ("templates/section.html", ZOLA_SECTION.into()),
            ("templates/page.html", ZOLA_PAGE.into()),
            ("templates/tags/list.html", ZOLA_TAGS.into()),
            ("templates/tags/single.html", ZOLA_TAG.into()),
            ("content/_index.md", format!("---\ntitle: {title}\n---\n")),
            ("content/articles/_index.md", "---\ntitle: \"Articles\"\nsort_by: \"date\"\n---\n".into()),
            ("content/glossary/_index.md", "---\ntitle: \"Glossary\"\nsort_by: \"title\"\n---\n".into()),
        ],
    }
}

/// Hugo's settings: no feeds, tags, highlighting (inline styles) and footnotes on.
const HUGO_CONFIG: &str = r#"baseURL = "/"
languageCode = "en"
disableKinds = ["RSS"]

[taxonomies]
tag = "tags"

[markup.highlight]
codeFences = true
noClasses = true
style = "monokai"

[markup.goldmark.extensions]
footnote = true
table = true
strikethrough = true

"#;

const HUGO_BASE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ if not .Date.IsZero }}<time>{{ .Date.Format "2 January 2006" }}</time>{{ end }}
{{ with .Params.short }}<p>{{ . }}</p>{{ end }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}
</article>{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ with .Params.summary }}{{ . }}{{ end }}{{ with .Params.short }}{{ . }}{{ end }}</li>{{ end }}
</ul>{{ end }}
"#;

const HUGO_HOME: &str = r#"{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<p>{{ .Site.Params.description }}</p>
<ul>{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>
<h2>Newest</h2>
<ul>{{ range first 10 (where .Site.RegularPages "Section" "articles") }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>{{ end }}
"#;

/// Zola's settings after `base_url`, `title` and `description`: no feeds nor search index, tags,
/// highlighting on (the `[markdown.highlighting]` table of current Zola; Zola is not packaged
/// where this was written, so this flavour was not built here).
const ZOLA_CONFIG: &str = r#"compile_sass = false
build_search_index = false
generate_feeds = false
taxonomies = [{ name = "tags" }]

[markdown.highlighting]
theme = "monokai"
"#;

const ZOLA_BASE: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
</head>
<body>
<header><a href="{{ config.base_url | safe }}">{{ config.title }}</a></header>
<main>{% block content %}{% endblock content %}</main>
</body>
</html>
"#;

const ZOLA_PAGE: &str = r#"{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock title %}
{% block content %}<article>
<h1>{{ page.title }}</h1>
{% if page.date %}<time>{{ page.date | date(format="%-d %B %Y") }}</time>{% endif %}
{% if page.extra.short %}<p>{{ page.extra.short }}</p>{% endif %}
{% if page.taxonomies.tags %}<ul>{% for tag in page.taxonomies.tags %}<li><a href="{{ get_taxonomy_url(kind="tags", name=tag) | safe }}">{{ tag }}</a></li>{% endfor %}</ul>{% endif %}
{{ page.content | safe }}
</article>{% endblock content %}
"#;

const ZOLA_SECTION: &str = r#"{% extends "base.html" %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock title %}
{% block content %}<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>{% for p in section.pages %}
<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> {% if p.extra.summary %}{{ p.extra.summary }}{% endif %}{% if p.extra.short %}{{ p.extra.short }}{% endif %}</li>{% endfor %}
</ul>{% endblock content %}
"#;

const ZOLA_HOME: &str = r#"{% extends "base.html" %}
{% block content %}<h1>{{ config.title }}</h1>
<p>{{ config.description }}</p>
<ul>{% for path in section.subsections %}{% set sub = get_section(path=path, metadata_only=true) %}<li><a href="{{ sub.permalink | safe }}">{{ sub.title }}</a></li>{% endfor %}</ul>
<h2>Newest</h2>
<ul>{% set articles = get_section(path="articles/_index.md") %}{% for p in articles.pages | slice(end=10) %}
<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a></li>{% endfor %}
</ul>{% endblock content %}
"#;

const ZOLA_TAGS: &str = r#"{% extends "base.html" %}
{% block content %}<h1>{{ taxonomy.name }}</h1>
<ul>{% for term in terms %}<li><a href="{{ term.permalink | safe }}">{{ term.name }}</a> ({{ term.page_count }})</li>{% endfor %}</ul>
{% endblock content %}
"#;

const ZOLA_TAG: &str = r#"{% extends "base.html" %}
{% block content %}<h1>{{ term.name }}</h1>
<ul>{% for p in term.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a></li>{% endfor %}</ul>
{% endblock content %}
"#;
