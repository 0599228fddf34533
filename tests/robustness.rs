//! Bad input never crashes or hangs: each hostile file shape from the "Robustness and safety"
//! issue is built by the real binary, which must finish with exit code 0 or 1, never panic, and
//! name the file in every error. A property test mutates the `basic` fixture at random.

mod common;

use common::{Run, Site};
use proptest::prelude::*;
use std::path::Path;
use std::process::Command;

/// What the tests here ask of every run of the binary.
trait Orderly {
    /// Exit code 0 or 1, no panic, and every error names a file under the site.
    fn assert_orderly(&self);
    /// A failed build with the error `code` about `file`.
    fn assert_error(&self, code: &str, file: &str);
    /// A successful build, and orderly.
    fn assert_built(&self);
}

impl Orderly for Run {
    fn assert_orderly(&self) {
        assert!(matches!(self.code, Some(0 | 1)), "exit code {:?}:\n{}", self.code, self.stderr);
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.stderr);
        assert!(!self.stderr.contains("overflowed its stack"), "stack overflow:\n{}", self.stderr);
        assert_errors_name_files(&self.stderr);
    }

    fn assert_error(&self, code: &str, file: &str) {
        self.assert_orderly();
        assert_eq!(self.code, Some(1), "expected a failed build:\n{}", self.stderr);
        assert!(self.stderr.contains(&format!("error[{code}]")), "no error[{code}]:\n{}", self.stderr);
        assert!(self.stderr.contains(&format!("--> {file}")), "error does not name {file}:\n{}", self.stderr);
    }

    fn assert_built(&self) {
        self.assert_orderly();
        assert_eq!(self.code, Some(0), "build failed:\n{}", self.stderr);
    }
}

/// Every `error[...]` line is followed by a `--> ` line naming a file in `content/` or `themes/`.
fn assert_errors_name_files(stderr: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    for (i, line) in lines.iter().enumerate().filter(|(_, l)| l.starts_with("error[")) {
        let location = lines.get(i + 1).map(|l| l.trim_start()).unwrap_or("");
        assert!(
            location.starts_with("--> content/") || location.starts_with("--> themes/"),
            "`{line}` names no file:\n{stderr}"
        );
    }
}

const FRONT: &str = "---\ntitle: \"Edge\"\ndate: 2025-01-01\nsummary: \"s\"\n---\n";

fn article(body: &str) -> Vec<u8> {
    format!("{FRONT}{body}").into_bytes()
}

#[test]
fn invalid_utf8_is_an_encoding_error_at_the_file() {
    let site = Site::basic();
    site.write("content/articles/latin1.md", b"---\ntitle: \"caf\xe9\"\ndate: 2025-01-01\n---\nx\n");
    site.build().assert_error("encoding", "content/articles/latin1.md");
}

#[test]
fn nul_bytes_are_an_encoding_error_at_the_file() {
    let site = Site::basic();
    site.write("content/articles/nul.md", &article("one\0two\n"));
    site.build().assert_error("encoding", "content/articles/nul.md");
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let site = Site::basic();
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(article("Body.\n"));
    site.write("content/articles/bom.md", &bytes);
    site.build().assert_built();
    let html = std::fs::read_to_string(site.root().join("public/articles/bom/index.html")).unwrap();
    assert!(html.contains("Edge"));
}

#[test]
fn crlf_line_endings_build_like_lf() {
    let site = Site::basic();
    let text = String::from_utf8(article("Body with [[qwen]].\n")).unwrap().replace('\n', "\r\n");
    site.write("content/articles/crlf.md", text.as_bytes());
    site.build().assert_built();
    let html = std::fs::read_to_string(site.root().join("public/articles/crlf/index.html")).unwrap();
    assert!(html.contains("Body with"));
}

#[test]
fn an_empty_file_is_a_missing_front_matter_error() {
    let site = Site::basic();
    site.write("content/articles/empty.md", b"");
    site.build().assert_error("missing-front-matter", "content/articles/empty.md");
}

#[test]
fn a_file_with_only_front_matter_builds_an_empty_article() {
    let site = Site::basic();
    site.write("content/articles/bare.md", FRONT.as_bytes());
    site.build().assert_built();
    assert!(site.root().join("public/articles/bare/index.html").is_file());
}

#[test]
fn ten_thousand_nested_blockquotes_are_a_too_deep_error_not_a_stack_overflow() {
    let site = Site::basic();
    site.write("content/articles/deep.md", &article(&format!("{} deep\n", ">".repeat(10_000))));
    site.build().assert_error("too-deep", "content/articles/deep.md");
}

#[test]
fn ten_thousand_nested_lists_and_emphasis_are_too_deep_errors() {
    let site = Site::basic();
    site.write("content/articles/lists.md", &article(&format!("{} deep\n", "- ".repeat(10_000))));
    site.write("content/articles/stars.md", &article(&format!("{}a{}\n", "*".repeat(10_000), "*".repeat(10_000))));
    let run = site.build();
    run.assert_error("too-deep", "content/articles/lists.md");
    run.assert_error("too-deep", "content/articles/stars.md");
}

#[test]
fn ten_thousand_open_brackets_build() {
    let site = Site::basic();
    site.write(
        "content/articles/brackets.md",
        &article(&format!("{} x\n\n{} y\n", "[".repeat(10_000), "[[".repeat(5_000))),
    );
    site.build().assert_built();
}

#[test]
fn a_fifty_megabyte_article_builds_or_fails_cleanly() {
    let site = Site::basic();
    let paragraph = "Researchers distilled a model into Qwen with many parameters and *some emphasis*. ".repeat(12);
    let mut body = String::with_capacity(51 * 1024 * 1024);
    while body.len() < 50 * 1024 * 1024 {
        body.push_str(&paragraph);
        body.push_str("\n\n");
    }
    site.write("content/articles/huge.md", &article(&body));
    drop(body);
    let run = site.build();
    run.assert_orderly();
    if run.code == Some(1) {
        assert!(run.stderr.contains("--> content/articles/huge.md"), "{}", run.stderr);
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_content_is_reported_at_the_link() {
    let site = Site::basic();
    std::os::unix::fs::symlink("..", site.root().join("content/articles/loop")).unwrap();
    site.build().assert_error("io", "content/articles/loop");
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_a_cannot_read_error_at_the_link() {
    let site = Site::basic();
    std::os::unix::fs::symlink("nowhere.md", site.root().join("content/articles/gone.md")).unwrap();
    site.build().assert_error("io", "content/articles/gone.md");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_a_cannot_read_error_at_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::basic();
    site.write("content/articles/locked.md", &article("Secret.\n"));
    let path = site.root().join("content/articles/locked.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Running as root (or with CAP_DAC_OVERRIDE): permissions do not stop reads, so this
        // sub-case cannot happen here; the dangling-symlink test covers the unreadable entry.
        println!("note: skipped the chmod 000 case: this user can read files without permission");
        return;
    }
    site.build().assert_error("io", "content/articles/locked.md");
}

#[cfg(unix)]
#[test]
fn sigint_while_writing_keeps_the_previous_output_and_leaves_no_temporary_folder() {
    let site = Site::basic();
    site.build().assert_built();
    site.write("public/marker-old.txt", b"old");
    let files = 2_000;
    let chunk = vec![b'x'; 16 * 1024];
    for i in 0..files {
        site.write(&format!("content/files/f{i}.bin"), &chunk);
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_glosa"))
        .arg("build")
        .current_dir(site.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the write phase (its staging folder appears) or the end, then interrupt.
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if staging_folders(site.root()) > 0 {
            Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
            break child.wait().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    assert!(matches!(status.code(), Some(0 | 130)) || status.code().is_none(), "{status:?}");
    assert_eq!(staging_folders(site.root()), 0, "temporary folders left behind");
    let public = site.root().join("public");
    let old = public.join("marker-old.txt").exists();
    let new = (0..files).all(|i| public.join(format!("files/f{i}.bin")).is_file());
    assert!(old != new, "public/ is neither the old output nor the complete new one (old: {old}, new: {new})");
    assert!(public.join("index.html").is_file());
}

/// A sink that has stopped taking files from the start, counting what it was offered.
struct StoppedSink {
    offered: std::sync::atomic::AtomicUsize,
}

impl glosa::output::Sink for StoppedSink {
    fn put(&self, _path: &str, _bytes: Vec<u8>) -> std::io::Result<()> {
        self.offered.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Err(std::io::ErrorKind::Interrupted.into())
    }

    fn stopped(&self) -> bool {
        true
    }
}

#[test]
fn an_interrupted_build_stops_before_rendering_anything() {
    let site = Site::basic();
    // A body error would be reported if the body were rendered.
    site.write("content/articles/story.md", b"---\ntitle: T\ndate: 2025-01-01\n---\nText[^missing].\n");
    let sink = StoppedSink { offered: Default::default() };
    let options = glosa::build::BuildOptions { root: site.root().to_path_buf(), ..Default::default() };
    let problems = glosa::build::build_into(&options, &sink).unwrap_err();
    let codes: Vec<&str> = problems.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["interrupted"], "{problems:?}");
    assert_eq!(sink.offered.load(std::sync::atomic::Ordering::SeqCst), 0, "no page was rendered and offered");
}

#[cfg(unix)]
fn staging_folders(root: &Path) -> usize {
    let names = std::fs::read_dir(root).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned());
    names.filter(|n| n.contains(".glosa-")).count()
}

/// One random edit to a fixture file.
#[derive(Debug, Clone)]
enum Edit {
    DeleteLine(usize),
    DuplicateLine(usize),
    Insert(usize, String),
    Truncate(usize),
    FlipByte(usize, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    let snippet = prop_oneof![
        "[ -~]{0,12}",
        Just("[[".to_string()),
        Just("](claim:".to_string()),
        Just("---\n".to_string()),
        Just(":".to_string()),
        Just("[^x]".to_string()),
        Just("> ".to_string()),
        Just("\n".to_string()),
    ];
    prop_oneof![
        any::<usize>().prop_map(Edit::DeleteLine),
        any::<usize>().prop_map(Edit::DuplicateLine),
        (any::<usize>(), snippet).prop_map(|(at, s)| Edit::Insert(at, s)),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::FlipByte(at, b)),
    ]
}

fn apply(bytes: &mut Vec<u8>, edit: &Edit) {
    let len = bytes.len().max(1);
    match edit {
        Edit::DeleteLine(n) | Edit::DuplicateLine(n) => {
            let lines: Vec<&[u8]> = bytes.split_inclusive(|b| *b == b'\n').collect();
            if lines.is_empty() {
                return;
            }
            let at = n % lines.len();
            let mut out = Vec::with_capacity(bytes.len() * 2);
            for (i, line) in lines.iter().enumerate() {
                if i != at || matches!(edit, Edit::DuplicateLine(_)) {
                    out.extend_from_slice(line);
                }
                if i == at && matches!(edit, Edit::DuplicateLine(_)) {
                    out.extend_from_slice(line);
                }
            }
            *bytes = out;
        }
        Edit::Insert(at, text) => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, text.bytes());
        }
        Edit::Truncate(at) => bytes.truncate(at % len),
        Edit::FlipByte(at, b) => {
            if !bytes.is_empty() {
                let at = at % bytes.len();
                bytes[at] = *b;
            }
        }
    }
}

const MUTABLE: &[&str] = &[
    "content/site.yaml",
    "content/_index.md",
    "content/articles/story.md",
    "content/articles/older.md",
    "content/glossary/qwen.md",
    "content/glossary/distillation.md",
    "content/pages/about.md",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_to_a_site_never_panic_and_every_error_names_its_file(
        edits in prop::collection::vec((0..MUTABLE.len(), edit()), 1..6)
    ) {
        let site = Site::basic();
        for (file, edit) in &edits {
            let path = site.root().join(MUTABLE[*file]);
            let mut bytes = std::fs::read(&path).unwrap();
            apply(&mut bytes, edit);
            std::fs::write(&path, bytes).unwrap();
        }
        site.build().assert_orderly();
    }
}

// Inputs found by fuzzing (fuzz/README.md), minimized; each test fails without its fix.

/// Renders `body` as an article through the library, with Qwen as the only glossary term.
fn render_article(body: &str) -> glosa::render::Rendered {
    use glosa::load::{parse_source, Parsed, SourceFile};
    use glosa::model::Urls;
    use glosa::render::{render, RenderContext};
    use glosa::resolve::Glossary;
    let text = "---\nterm: Qwen\nshort: Alibaba's models.\n---\n".into();
    let Ok(Parsed::Term(qwen)) = parse_source(SourceFile { path: "content/glossary/qwen.md".into(), text }) else {
        panic!("the term does not parse");
    };
    let urls = Urls::new("/");
    let (glossary, _) = Glossary::new(&[qwen], &urls);
    let definitions = glosa::render::definitions(&glossary, &urls, glosa::sanitize::SafeMode::Off);
    let file = SourceFile { path: "content/articles/a.md".into(), text: body.into() };
    let ctx = RenderContext {
        file: &file,
        body_offset: 0,
        glossary: &glossary,
        urls: &urls,
        claims: None,
        autolink: true,
        self_term: None,
        page_path: "articles/a/",
        safe: glosa::sanitize::SafeMode::Off,
        reserved_ids: &glosa::theme::PAGE_IDS,
        definitions: &definitions,
        images: &glosa::images::NO_IMAGES,
        sources: &glosa::resolve::sources::Sources::default(),
        citable: None,
    };
    render(body, &ctx)
}

#[test]
fn a_term_linked_in_a_sidenote_after_multibyte_text_builds() {
    // The mention's offset in the note fell inside the `€` of the paragraph around the
    // reference: `sentence_around` panicked on a byte index inside a character.
    let site = Site::basic();
    site.write("content/articles/note-term.md", &article("€€€ text[^n]\n\n[^n]: x [[qwen]]\n"));
    site.build().assert_built();
}

#[test]
fn a_term_mentioned_in_a_sidenote_has_the_notes_sentence_as_its_context() {
    let rendered = render_article("Alibaba’s chairman spoke.[^n]\n\n[^n]: He runs [[qwen]] now. Then more.\n");
    let contexts: Vec<&str> = rendered.mentions.iter().map(|m| m.context.as_str()).collect();
    assert_eq!(contexts, ["He runs qwen now."]);
}

#[test]
fn five_thousand_unspaced_term_links_make_a_term_page_of_linear_size() {
    // Found while analysing the crash above, not by the fuzzer (its inputs stay under 10 KB):
    // each mention is listed on the term page with its sentence, and a paragraph with no
    // sentence end is one sentence, so this 40 KB article made a 100 MB term page (and 20,000
    // spaced links took seconds: the paragraph was read once per mention).
    let site = Site::basic();
    site.write("content/articles/links.md", &article(&"[[qwen]]".repeat(5_000)));
    site.build().assert_built();
    let page = std::fs::metadata(site.root().join("public/glossary/qwen/index.html")).unwrap().len();
    assert!(page < 10 * 1024 * 1024, "the term page has {page} bytes");
}

#[test]
fn twelve_thousand_references_to_one_long_note_render_one_note_and_links_back_to_it() {
    // Found by review: every repeated reference copied the note's whole definition before
    // finding it already numbered, so this 96 KB article took 6.9 s to build (released); now
    // only the first reference copies it (0.2 s). No timing is asserted here: the output pins
    // what each reference renders.
    let site = Site::basic();
    let body = format!("x{}\n\n[^a]: {}\n", "[^a]".repeat(12_000), "*w* ".repeat(12_000));
    site.write("content/articles/notes.md", &article(&body));
    site.build().assert_built();
    let page = std::fs::read_to_string(site.root().join("public/articles/notes/index.html")).unwrap();
    assert_eq!(page.matches("class=\"sidenote-again\" href=\"#note-1\"").count(), 11_999);
    assert_eq!(page.matches("id=\"note-1\"").count(), 1);
}

#[test]
fn an_out_folder_no_build_of_the_site_wrote_is_replaced_only_with_force() {
    let site = Site::basic();
    let elsewhere = tempfile::tempdir().unwrap();
    let project = elsewhere.path().join("project");
    std::fs::create_dir_all(project.join(".git")).unwrap();
    std::fs::write(project.join("notes.txt"), "mine").unwrap();
    let out = project.to_str().unwrap();

    let refused = site.glosa(&["build", "--out", out]);
    assert_eq!(refused.code, Some(1), "{}", refused.stderr);
    assert!(refused.stderr.contains("refusing to replace") && refused.stderr.contains("--force"), "{}", refused.stderr);
    assert!(project.join("notes.txt").is_file() && project.join(".git").is_dir(), "the folder was touched");

    site.glosa(&["build", "--out", out, "--force"]).assert_built();
    assert!(!project.join("notes.txt").exists() && project.join("index.html").is_file());
    // This site's build wrote it now: building again needs no --force.
    site.glosa(&["build", "--out", out]).assert_built();
    // Nor does an empty folder, nor the default public/.
    let empty = elsewhere.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    site.glosa(&["build", "--out", empty.to_str().unwrap()]).assert_built();
    site.write("public/left-by-hand.txt", b"x");
    site.build().assert_built();
}

#[test]
fn templates_that_call_themselves_for_ever_are_an_error_not_a_stack_overflow() {
    let site = Site::basic();
    site.build().assert_built();
    let plain = site.root().join("themes/plain/templates");
    let article = std::fs::read_to_string(plain.join("article.html")).unwrap();
    site.write("themes/plain/templates/article.html", format!("{article}{{% include \"article.html\" %}}").as_bytes());
    let before = std::fs::read_dir(site.root()).unwrap().count();
    site.build().assert_error("template-recursion", "themes/plain/templates/article.html");
    assert_eq!(std::fs::read_dir(site.root()).unwrap().count(), before, "a staging folder was left behind");
    site.write("themes/plain/templates/article.html", article.as_bytes());
    let macros = "{% macro f(n) %}{{ self::f(n=n+1) }}{% endmacro f %}";
    site.write("themes/plain/templates/loop.html", macros.as_bytes());
    site.build().assert_error("template-recursion", "themes/plain/templates/loop.html");
}

#[test]
fn a_recursion_whose_condition_never_ends_is_an_error_at_the_template_and_a_finite_one_renders() {
    let site = Site::basic();
    let article = std::fs::read_to_string(site.root().join("themes/plain/templates/article.html")).unwrap();
    let calling = |call: &str| {
        let with_import = article.replacen(
            "{% extends \"base.html\" %}",
            "{% extends \"base.html\" %}{% import \"macros.html\" as m %}",
            1,
        );
        with_import.replacen("{% block main %}", &format!("{{% block main %}}{call}"), 1)
    };
    site.write("themes/plain/templates/article.html", calling("{{ m::m(n=1) }}").as_bytes());
    let endless = "{% macro m(n) %}{% if n > 0 %}<i>{{ n }}</i>{{ self::m(n=n+1) }}{% endif %}{% endmacro m %}";
    site.write("themes/plain/templates/macros.html", endless.as_bytes());
    let run = site.build();
    run.assert_error("template-recursion", "themes/plain/templates/macros.html");
    assert!(run.stderr.contains("macro `m` called itself more than"), "{}", run.stderr);

    site.write("themes/plain/templates/macros.html", endless.replace("n+1", "n-1").as_bytes());
    site.write("themes/plain/templates/article.html", calling("{{ m::m(n=20) }}").as_bytes());
    site.build().assert_built();
    let story = std::fs::read_to_string(site.root().join("public/articles/story/index.html")).unwrap();
    assert!(story.contains("<i>20</i><i>19</i>") && story.contains("<i>2</i><i>1</i>"), "{story}");

    site.write("themes/plain/templates/tree.html", b"{% if page.title %}x{% include \"tree.html\" %}{% endif %}");
    site.write("themes/plain/templates/article.html", calling("{% include \"tree.html\" %}").as_bytes());
    let run = site.build();
    run.assert_error("template-recursion", "themes/plain/templates/tree.html");
    assert!(run.stderr.contains("template `tree.html` included itself"), "{}", run.stderr);
}

#[test]
fn a_term_name_past_the_length_cap_or_an_empty_one_is_an_error_at_its_line() {
    let site = Site::basic();
    // 20,000 repeated letters made the name automaton's construction take 48 s.
    let long = "w".repeat(20_000);
    site.write(
        "content/glossary/long.md",
        format!("---\nterm: \"x\"\naliases: [\"{long}\"]\nshort: \"s\"\n---\nx\n").as_bytes(),
    );
    let run = site.build();
    run.assert_error("long-term-name", "content/glossary/long.md:3:");
    assert!(run.stderr.contains("at most 100"), "{}", run.stderr);
    std::fs::remove_file(site.root().join("content/glossary/long.md")).unwrap();
    site.write("content/glossary/blank.md", b"---\nterm: \"  \"\nshort: \"s\"\n---\nx\n");
    site.build().assert_error("empty-term", "content/glossary/blank.md:2:1");
}

#[test]
fn a_blank_title_is_an_error_at_its_line() {
    let site = Site::basic();
    site.write("content/articles/untitled.md", b"---\ntitle: \"   \"\ndate: 2025-01-01\n---\nText.\n");
    site.build().assert_error("empty-title", "content/articles/untitled.md:2:1");
}

#[test]
fn a_blank_title_is_an_error_at_its_key_when_an_earlier_value_says_title() {
    let site = Site::basic();
    let text = b"---\nsummary: \"Why the title: matters\"\ndate: 2025-01-01\ntitle: \"\"\n---\nText.\n";
    site.write("content/articles/untitled.md", text);
    site.build().assert_error("empty-title", "content/articles/untitled.md:4:1");
}

#[test]
fn a_note_without_text_is_an_error_and_unused_or_doubled_note_texts_are_warnings() {
    let site = Site::basic();
    let body = "A[^nope] B, \\[^kept] and C[^d].\n\n[^d]: one.\n\n[^d]: two.\n\n[^x]: never used.\n";
    site.write("content/articles/notes.md", &article(body));
    let run = site.build();
    run.assert_error("unknown-note", "content/articles/notes.md:6:2");
    assert!(!run.stderr.contains("`[^kept]`"), "an escaped reference is text:\n{}", run.stderr);
    for (code, at) in [("duplicate-note", "notes.md:8:1"), ("unused-note", "notes.md:12:1")] {
        let warning = run
            .stderr
            .split(&format!("warning[{code}]"))
            .nth(1)
            .unwrap_or_else(|| panic!("no {code}:\n{}", run.stderr));
        assert!(warning.lines().nth(1).is_some_and(|line| line.ends_with(at)), "{code} not at {at}:\n{}", run.stderr);
    }
}

#[test]
fn a_file_in_content_at_a_path_glosa_writes_is_an_error_not_a_silent_replacement() {
    let site = Site::basic();
    site.write("content/index.html", b"ASSET");
    site.write("content/articles/story/index.html", b"ASSET");
    site.write("content/sitemap.xml", b"ASSET");
    site.write("content/images/fine.txt", b"kept");
    let run = site.build();
    for file in ["content/index.html", "content/articles/story/index.html", "content/sitemap.xml"] {
        run.assert_error("asset-collision", file);
    }
    assert!(!run.stderr.contains("content/images/fine.txt"), "{}", run.stderr);
}

#[test]
fn a_template_that_fails_is_reported_alone_and_a_first_failed_build_says_nothing_was_written() {
    let site = Site::basic();
    let path = site.root().join("themes/plain/templates/article.html");
    let article = std::fs::read_to_string(&path).unwrap();
    site.write("themes/plain/templates/article.html", format!("{{{{ nowhere.to_be_found }}}}{article}").as_bytes());
    let run = site.build();
    run.assert_error("template", "themes/plain/templates/article.html");
    assert!(!run.stderr.contains("broken-link"), "links to the pages that failed are not broken:\n{}", run.stderr);
    assert!(run.stderr.contains("nothing was written to"), "{}", run.stderr);
}

#[test]
fn a_problem_in_a_claim_note_is_found_in_that_claims_note_not_an_earlier_one() {
    // The claim `s`: a text search for `s:` would stop at `claims:` and take the error to the
    // first note that holds the same link.
    let site = Site::basic();
    let front =
        "---\ntitle: \"Two claims\"\ndate: 2025-01-01\nsummary: \"s\"\nclaims:\n  a:\n    verdict: accurate\n    \
                 note: \"See [[nope]].\"\n  s:\n    verdict: accurate\n    note: \"Also [[nope]].\"\n---\n";
    let body = "[One](claim:a) and [two](claim:s).\n";
    site.write("content/articles/two.md", format!("{front}{body}").as_bytes());
    let run = site.build();
    run.assert_error("unknown-term", "content/articles/two.md:8:");
    run.assert_error("unknown-term", "content/articles/two.md:11:");
}

#[test]
fn a_claim_without_sources_is_warned_at_its_own_key() {
    let site = Site::basic();
    let front = "---\ntitle: \"Claims\"\ndate: 2025-01-01\nsummary: \"s\"\nclaims:\n  s:\n    verdict: accurate\n---\n";
    site.write("content/articles/unsourced.md", format!("{front}[Said](claim:s).\n").as_bytes());
    let run = site.build();
    run.assert_orderly();
    assert!(run.stderr.contains("warning[claim-without-sources]"), "{}", run.stderr);
    assert!(run.stderr.contains("--> content/articles/unsourced.md:6:3"), "{}", run.stderr);
}

#[test]
fn links_in_claim_notes_and_corrections_work_under_a_subpath_and_are_checked() {
    let site = Site::basic();
    let story = std::fs::read_to_string(site.root().join("content/articles/story.md")).unwrap();
    let story =
        story.replace("Fixed the *date*.", "Fixed the *date*; see [the glossary](/glossary/) and [[qwen]].").replace(
            "It came out in **September**.",
            "It came out in **September** ([[qwen]], [older](/articles/older/), [a claim](claim:qwen-date)).",
        );
    site.write("content/articles/story.md", story.as_bytes());
    site.glosa(&["build", "--base-url", "https://example.org/sub/"]).assert_built();
    let html = std::fs::read_to_string(site.root().join("public/articles/story/index.html")).unwrap();
    for href in ["/sub/glossary/", "/sub/glossary/qwen/", "/sub/articles/older/"] {
        assert!(html.contains(&format!("href=\"{href}\"")), "no link to {href}");
    }
    for wrong in ["href=\"/glossary/\"", "href=\"qwen\"", "href=\"claim:", "href=\"/articles/older/\""] {
        assert!(!html.contains(wrong), "{wrong} in the page");
    }

    let broken = story
        .replace("(/articles/older/)", "(/articles/gone/)")
        .replace("[[qwen]], [older]", "[[qwne]], [older]")
        .replace("(/glossary/) and [[qwen]]", "(/glossary/missing/) and [[qwen]]");
    site.write("content/articles/story.md", broken.as_bytes());
    let run = site.build();
    run.assert_error("broken-link", "content/articles/story.md:17:");
    run.assert_error("unknown-term", "content/articles/story.md:17:");
    run.assert_error("broken-link", "content/articles/story.md:13:");

    // A correction's relative link is read from the article's folder; its #anchor is checked.
    let anchored = story.replace("(/glossary/) and [[qwen]]", "(older.md#nowhere) and [[qwen]]");
    site.write("content/articles/story.md", anchored.as_bytes());
    let run = site.build();
    run.assert_error("broken-link", "content/articles/story.md:13:");
    assert!(run.stderr.contains("`#nowhere`, which is not an id on /articles/older/"), "{}", run.stderr);
}

#[test]
fn headings_never_take_the_page_s_own_ids_and_a_taken_explicit_id_is_a_warning() {
    let site = Site::basic();
    let body = "## Main\n\nText.\n\n## A {#note-1}\n\nA note.[^n]\n\n[^n]: The note.\n\n## B {#same}\n\n## C {#same}\n";
    site.write("content/articles/ids.md", &article(body));
    let run = site.build();
    run.assert_built();
    let html = std::fs::read_to_string(site.root().join("public/articles/ids/index.html")).unwrap();
    let ids: Vec<&str> = html.split(" id=\"").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect();
    let mut seen = std::collections::HashSet::new();
    let repeated: Vec<&&str> = ids.iter().filter(|id| !seen.insert(**id)).collect();
    assert!(repeated.is_empty(), "ids used twice: {repeated:?}");
    assert!(ids.contains(&"main-1") && ids.contains(&"note-1-section") && ids.contains(&"same-1"), "{ids:?}");
    let warnings = run.stderr.matches("warning[taken-id]").count();
    assert_eq!(warnings, 2, "the {{#note-1}} and second {{#same}} headings:\n{}", run.stderr);
}

#[test]
fn a_sidenote_holding_a_list_or_quotation_is_an_error_at_the_block() {
    let site = Site::basic();
    site.write("content/articles/blocky.md", &article("A claim.[^a]\n\n[^a]: First paragraph.\n\n    - a list item\n"));
    let run = site.build();
    run.assert_error("block-in-note", "content/articles/blocky.md:10:5");
    assert!(run.stderr.contains("holds a list"), "{}", run.stderr);
}

#[test]
fn a_term_seeing_also_itself_or_a_repeat_is_a_warning_and_case_only_aliases_are_not_shown() {
    let site = Site::basic();
    site.write(
        "content/glossary/bee.md",
        b"---\nterm: \"Bee\"\naliases: [\"bee\", \"BEE\", \"Apis\"]\nshort: \"An insect.\"\nsee_also: [\"bee\", \"qwen\", \"qwen\"]\n---\nBuzz.\n",
    );
    let run = site.build();
    run.assert_built();
    assert_eq!(run.stderr.matches("warning[see-also-repeat]").count(), 2, "{}", run.stderr);
    let page = std::fs::read_to_string(site.root().join("public/glossary/bee/index.html")).unwrap();
    assert!(page.contains("Apis") && !page.contains(">BEE<") && !page.contains("BEE,"), "aliases in other case only");
    assert_eq!(page.matches("href=\"/glossary/qwen/\"").count(), 1, "qwen listed once");
    assert!(!page.contains("href=\"/glossary/bee/\""), "no link to itself");
}

#[test]
fn an_article_with_another_markdown_extension_is_a_warning_not_a_silent_copy() {
    let site = Site::basic();
    site.write("content/articles/shouting.MD", b"---\ntitle: \"Loud\"\ndate: 2025-01-01\n---\nText.\n");
    site.write("content/articles/long.markdown", b"---\ntitle: \"Long\"\ndate: 2025-01-01\n---\nText.\n");
    let run = site.build();
    run.assert_built();
    assert_eq!(run.stderr.matches("warning[not-markdown]").count(), 2, "{}", run.stderr);
    assert!(run.stderr.contains("rename it to content/articles/shouting.md"), "{}", run.stderr);
}

#[test]
fn a_term_link_inside_a_link_s_text_is_an_error_at_the_inner_link() {
    let site = Site::basic();
    site.write("content/articles/nested.md", &article("A [see [[qwen]] here](/glossary/) B.\n"));
    site.build().assert_error("link-in-link", "content/articles/nested.md:6:8");
}

#[test]
fn a_file_with_thousands_of_problems_reports_the_first_hundred_and_counts_the_rest() {
    let site = Site::basic();
    let body: Vec<&str> = std::iter::repeat_n("See [[nope]] here.", 5_000).collect();
    site.write("content/articles/errs.md", &article(&body.join("\n\n")));
    let run = site.build();
    run.assert_error("unknown-term", "content/articles/errs.md");
    assert_eq!(run.stderr.matches("error[unknown-term]").count(), 100, "the first 100 are shown");
    assert!(run.stderr.contains("error[more-problems]: and 4900 more problems in this file"), "{}", run.stderr);
}

#[test]
fn an_unusable_base_url_or_an_empty_site_title_is_an_error_at_its_line() {
    let site = Site::basic();
    let config = std::fs::read_to_string(site.root().join("content/site.yaml")).unwrap();
    let config: String = config.lines().filter(|l| !l.starts_with("base_url:")).map(|l| format!("{l}\n")).collect();
    for base_url in ["https://x.org//dbl/", "https://x.org/sub/?a=1#f", "javascript:alert(1)", "\\\"><img src=x>"] {
        site.write("content/site.yaml", format!("{config}\nbase_url: \"{base_url}\"\n").as_bytes());
        site.build().assert_error("bad-base-url", "content/site.yaml:");
    }
    let refused = site.glosa(&["build", "--base-url", "https://x.org/a b/"]);
    assert_eq!(refused.code, Some(1));
    assert!(refused.stderr.contains("--base-url cannot be used"), "{}", refused.stderr);
    let untitled: String =
        config.lines().map(|l| if l.starts_with("title:") { "title: \"\"" } else { l }).collect::<Vec<_>>().join("\n");
    site.write("content/site.yaml", untitled.as_bytes());
    site.build().assert_error("empty-title", "content/site.yaml:");
}

#[test]
fn a_term_link_showing_no_words_and_a_sidenote_in_a_claim_note_are_errors() {
    let site = Site::basic();
    site.write("content/articles/empty-label.md", &article("See [[qwen|]] here.\n"));
    site.build().assert_error("empty-term-link", "content/articles/empty-label.md:6:5");
    std::fs::remove_file(site.root().join("content/articles/empty-label.md")).unwrap();
    let story = std::fs::read_to_string(site.root().join("content/articles/story.md")).unwrap();
    site.write("content/articles/story.md", story.replace("in **September**.", "in **September**.[^x]").as_bytes());
    site.build().assert_error("misplaced-note", "content/articles/story.md:17:");
}

#[test]
fn a_null_title_or_term_is_an_error_not_the_text_null() {
    let site = Site::basic();
    site.write("content/articles/tilde.md", b"---\ntitle: ~\ndate: 2025-01-01\n---\nText.\n");
    site.write("content/glossary/nothing.md", b"---\nterm: null\nshort: \"s\"\n---\nx\n");
    let run = site.build();
    run.assert_error("empty-field", "content/articles/tilde.md:2:");
    run.assert_error("empty-field", "content/glossary/nothing.md:2:");
}

#[test]
fn links_to_a_page_whose_front_matter_failed_are_not_reported_broken_as_well() {
    let site = Site::basic();
    let story = std::fs::read_to_string(site.root().join("content/articles/story.md")).unwrap();
    site.write("content/articles/story.md", story.replacen("title: \"The story\"", "title: ~", 1).as_bytes());
    let older = std::fs::read_to_string(site.root().join("content/articles/older.md")).unwrap();
    let links = "\n[without the slash](/articles/story) and [by its file](story.md#bg)\n";
    site.write("content/articles/older.md", format!("{older}{links}").as_bytes());
    let run = site.build();
    run.assert_error("empty-field", "content/articles/story.md:2:");
    assert!(!run.stderr.contains("broken-link"), "the link from _index.md to the story is not broken:\n{}", run.stderr);
}
