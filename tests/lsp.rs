//! `glosa lsp` driven as an editor drives it: the binary started, JSON-RPC over its stdin and
//! stdout, documents opened and changed, and every capability asked for through the protocol.

mod common;
#[path = "common/lsp.rs"]
mod lsp;

use common::Site;
use lsp::{uri, Client};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const STORY: &str = "---
title: \"A story\"
date: 2025-01-02
summary: \"A test story.\"
claims:
  qwen-date:
    verdict: inaccurate
    note: \"It came out in **September**.\"
    sources:
      - {title: \"Announcement\", url: \"https://e.org/a\"}
---
Models learn by [[distillation]]. Qwen [came out in May](claim:qwen-date).[^who]

A model reads tokens, and [the glossary](/glossary/tokens/) says more.

[^who]: Joe Tsai is Alibaba's chairman.
";

const OTHER: &str = "---
title: \"Another story\"
date: 2025-01-01
summary: \"Another.\"
---
Small models are [[distillation|distilled]] from big ones; see [the story](story.md).
";

/// A small site with the built-in theme: two articles and two terms, which checks clean.
fn site() -> Site {
    let site = Site::empty();
    common::copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &site.root().join("themes"));
    site.write("content/site.yaml", "title: Test\nbase_url: https://example.org/\n");
    site.write(
        "content/glossary/distillation.md",
        "---\nterm: Knowledge distillation\naliases: [distillation]\nshort: \"A small model learns from a big one.\"\nsee_also: [tokens]\n---\nLong text.\n",
    );
    site.write(
        "content/glossary/tokens.md",
        "---\nterm: Token\naliases: [tokens]\nshort: \"A piece of text a model reads.\"\n---\nLong text.\n",
    );
    site.write("content/articles/story.md", STORY);
    site.write("content/articles/other.md", OTHER);
    site
}

fn exe() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_glosa"))
}

/// The protocol position (line, UTF-16 column) of the first `needle` in `text`, plus `ahead`
/// characters.
fn at(text: &str, needle: &str, ahead: usize) -> Value {
    let offset = text.find(needle).unwrap_or_else(|| panic!("`{needle}` is in the text"));
    let line = text[..offset].matches('\n').count();
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let column: usize =
        text[line_start..offset].chars().chain(text[offset..].chars().take(ahead)).map(char::len_utf16).sum();
    json!({"line": line, "character": column})
}

fn story(root: &Path) -> PathBuf {
    root.join("content/articles/story.md")
}

/// A started server with `story.md` open, once its first diagnostics (none) are in.
fn with_story_open() -> (Site, Client) {
    let dir = site();
    let mut client = Client::start(exe(), dir.root(), json!({"debounce_ms": 0}));
    client.open(&story(dir.root()), STORY);
    let first = client.diagnostics(&uri(&story(dir.root())), |_| true);
    assert!(first.is_empty(), "the site checks clean: {first:?}");
    (dir, client)
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics.iter().filter_map(|d| d["code"].as_str()).collect()
}

fn document_position(path: &Path, position: Value) -> Value {
    json!({"textDocument": {"uri": uri(path)}, "position": position})
}

#[test]
fn a_wrong_term_is_underlined_before_saving_and_the_fix_clears_it() {
    let (dir, mut client) = with_story_open();
    let path = story(dir.root());
    // "A model reads tokens" is line 13: type a wrong term link after "A model" (with an emoji,
    // two UTF-16 units, before it).
    client.change(&path, 2, ((13, 7), (13, 7)), " 🙂 [[tokn]]");
    let problems = client.diagnostics(&uri(&path), |list| !list.is_empty());
    assert_eq!(codes(&problems), ["unknown-term"]);
    let problem = &problems[0];
    assert_eq!(problem["range"], json!({"start": {"line": 13, "character": 11}, "end": {"line": 13, "character": 19}}));
    assert_eq!(problem["severity"], 1);
    assert_eq!(problem["message"], "unknown glossary term `tokn`\nhelp: did you mean `[[tokens]]`?");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), STORY, "nothing was saved");

    client.change(&path, 3, ((13, 16), (13, 17)), "ens");
    let fixed = client.diagnostics(&uri(&path), |_| true);
    assert!(fixed.is_empty(), "{fixed:?}");
    assert!(client.shut_down().success());
}

#[test]
fn the_same_problems_as_glosa_check_with_codes_and_help() {
    let (dir, mut client) = with_story_open();
    let path = story(dir.root());
    let broken = STORY.replace("claim:qwen-date", "claim:qwen-dat").replace("[^who]:", "[^whom]:");
    client.change(&path, 2, ((0, 0), (17, 0)), &broken);
    let problems = client.diagnostics(&uri(&path), |list| list.len() >= 3);
    let mut found = codes(&problems);
    found.sort();
    assert_eq!(found, ["unknown-claim", "unknown-note", "unused-claim", "unused-note"]);
    let claim = problems.iter().find(|d| d["code"] == "unknown-claim").unwrap();
    assert!(claim["message"].as_str().unwrap().ends_with("help: did you mean `claim:qwen-date`?"), "{claim}");
    let unused = problems.iter().find(|d| d["code"] == "unused-note").unwrap();
    assert_eq!(unused["severity"], 2, "a warning");
}

#[test]
fn editing_a_glossary_file_rediagnoses_the_open_articles_that_use_it() {
    let (dir, mut client) = with_story_open();
    let term = dir.root().join("content/glossary/distillation.md");
    let text = std::fs::read_to_string(&term).unwrap();
    client.open(&term, &text);
    // The term's front matter no longer closes: the term is gone, and so is `[[distillation]]`'s
    // target in the article.
    client.change(&term, 2, ((5, 0), (6, 0)), "");
    let problems = client.diagnostics(&uri(&story(dir.root())), |list| !list.is_empty());
    assert_eq!(codes(&problems), ["unknown-term"]);
    client.change(&term, 3, ((5, 0), (5, 0)), "---\n");
    let fixed = client.diagnostics(&uri(&story(dir.root())), |_| true);
    assert!(fixed.is_empty(), "{fixed:?}");
}

#[test]
fn an_editor_that_watches_no_files_still_sees_a_file_deleted_on_disk_at_a_later_keystroke() {
    let dir = site();
    let mut client = Client::start_as(exe(), dir.root(), json!({"debounce_ms": 0}), false);
    let path = story(dir.root());
    client.open(&path, STORY);
    assert!(client.diagnostics(&uri(&path), |_| true).is_empty());
    std::fs::remove_file(dir.root().join("content/glossary/distillation.md")).unwrap();
    // Keystrokes check the buffer; the site on disk is looked at again every two seconds.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    client.change(&path, 2, ((13, 0), (13, 0)), " ");
    let problems = client.diagnostics(&uri(&path), |list| !list.is_empty());
    assert_eq!(codes(&problems), ["unknown-term"]);
}

#[test]
fn completion_offers_terms_after_double_brackets_with_their_definitions() {
    let (dir, mut client) = with_story_open();
    let path = story(dir.root());
    client.change(&path, 2, ((13, 0), (13, 0)), "See [[dist");
    let items =
        client.request("textDocument/completion", document_position(&path, json!({"line": 13, "character": 10})));
    let slugs: Vec<&Value> = items.as_array().unwrap().iter().filter(|i| i["label"] == "distillation").collect();
    assert_eq!(slugs.len(), 1, "the alias `distillation` is the slug: offered once");
    let distillation = slugs[0];
    assert_eq!(distillation["documentation"]["value"], "A small model learns from a big one.");
    assert_eq!(distillation["detail"], "Knowledge distillation");
    assert_eq!(
        distillation["textEdit"],
        json!({"range": {"start": {"line": 13, "character": 6}, "end": {"line": 13, "character": 10}}, "newText": "distillation"})
    );
    assert!(items.as_array().unwrap().iter().any(|i| i["label"] == "Knowledge distillation"), "names too");
}

#[test]
fn completion_offers_claim_ids_note_labels_front_matter_keys_and_verdicts() {
    let (dir, mut client) = with_story_open();
    let path = story(dir.root());
    let labels = |items: Value| -> Vec<String> {
        items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
    };
    client.change(&path, 2, ((13, 0), (13, 0)), "[words](claim:q");
    let items =
        client.request("textDocument/completion", document_position(&path, json!({"line": 13, "character": 15})));
    assert_eq!(items[0]["detail"], "✗ Inaccurate");
    assert_eq!(labels(items), ["qwen-date"]);
    client.change(&path, 3, ((13, 0), (13, 15)), "More.[^");
    let items =
        client.request("textDocument/completion", document_position(&path, json!({"line": 13, "character": 7})));
    assert_eq!(labels(items), ["who"]);
    // Line 7 is `    note: ...`: a new line after `    verdict: inaccurate`, then a key at the top.
    client.change(&path, 4, ((6, 0), (6, 0)), "    verdict: mis\n");
    let items =
        client.request("textDocument/completion", document_position(&path, json!({"line": 6, "character": 16})));
    assert_eq!(labels(items), ["accurate", "inaccurate", "misleading", "unverified", "outdated"]);
    client.change(&path, 5, ((6, 0), (7, 0)), "ta\n");
    let keys =
        labels(client.request("textDocument/completion", document_position(&path, json!({"line": 6, "character": 2}))));
    assert!(
        keys.contains(&"tags".to_string()) && !keys.contains(&"title".to_string()),
        "keys not yet written: {keys:?}"
    );
}

#[test]
fn a_claim_of_another_article_completes_by_its_slug_hovers_with_its_verdict_and_leads_to_its_entry() {
    let (dir, mut client) = with_story_open();
    let other = dir.root().join("content/articles/other.md");
    let citing = OTHER.replace("from big ones;", "from big ones; [one said May](claim:story/qwen-date);");
    client.open(&other, &citing);
    assert!(client.diagnostics(&uri(&other), |_| true).is_empty(), "the citing article checks clean");
    let labels = |items: &Value| -> Vec<String> {
        items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
    };
    let line = citing.lines().count() - 1;
    client.change(&other, 2, ((line as u32 + 1, 0), (line as u32 + 1, 0)), "Also [w](claim:");
    let items = client
        .request("textDocument/completion", document_position(&other, json!({"line": line + 1, "character": 15})));
    assert_eq!(labels(&items), ["story/"], "the articles checking claims, by slug");
    assert_eq!(items[0]["detail"], "A story");
    client.change(&other, 3, ((line as u32 + 1, 15), (line as u32 + 1, 15)), "story/q");
    let items = client
        .request("textDocument/completion", document_position(&other, json!({"line": line + 1, "character": 22})));
    assert_eq!(labels(&items), ["story/qwen-date"]);
    assert_eq!(items[0]["detail"], "✗ Inaccurate in A story");
    let hover = client.request("textDocument/hover", document_position(&other, at(&citing, "one said May", 2)));
    let hover = hover["contents"]["value"].as_str().unwrap_or("").to_string();
    assert!(hover.contains("✗ **Inaccurate**") && hover.contains("checked in *A story*"), "{hover}");
    assert!(hover.contains("It came out in **September**."), "{hover}");
    let definition =
        client.request("textDocument/definition", document_position(&other, at(&citing, "one said May", 2)));
    assert_eq!(
        (definition["uri"].as_str().unwrap(), definition["range"]["start"].clone()),
        (uri(&story(dir.root())).as_str(), at(STORY, "qwen-date:", 0))
    );
}

#[test]
fn completion_offers_the_keys_of_a_registry_of_sources_when_the_site_has_one() {
    let (dir, mut client) = with_story_open();
    let path = story(dir.root());
    dir.write("content/sources.yaml", "qwen-blog:\n  title: Qwen2.5 announcement\n  url: https://e.org\n");
    client.change(&path, 2, ((9, 0), (10, 0)), "      - qw\n");
    let items =
        client.request("textDocument/completion", document_position(&path, json!({"line": 9, "character": 10})));
    let registry: Vec<&Value> = items.as_array().unwrap().iter().filter(|i| i["label"] == "qwen-blog").collect();
    assert_eq!(registry.len(), 1, "{items}");
    assert_eq!(registry[0]["detail"], "Qwen2.5 announcement");
    std::fs::remove_file(dir.root().join("content/sources.yaml")).unwrap();
    let items =
        client.request("textDocument/completion", document_position(&path, json!({"line": 9, "character": 10})));
    assert!(!items.as_array().unwrap().iter().any(|i| i["label"] == "qwen-blog"), "no registry, no keys");
}

#[test]
fn hovers_show_a_terms_definition_a_claims_verdict_and_a_note() {
    let (dir, mut client) = with_story_open();
    let path = story(dir.root());
    let hover = |client: &mut Client, needle: &str, ahead: usize| {
        let result = client.request("textDocument/hover", document_position(&path, at(STORY, needle, ahead)));
        result["contents"]["value"].as_str().unwrap_or("").to_string()
    };
    let term = hover(&mut client, "[[distillation]]", 4);
    assert!(
        term.contains("**Knowledge distillation** (`distillation`)") && term.contains("A small model learns"),
        "{term}"
    );
    assert!(
        hover(&mut client, "tokens, and", 2).contains("A piece of text a model reads."),
        "a word that links by itself"
    );
    let claim = hover(&mut client, "came out in May", 3);
    assert!(claim.contains("✗ **Inaccurate**") && claim.contains("It came out in **September**."), "{claim}");
    assert!(claim.contains("[Announcement](https://e.org/a)"), "{claim}");
    assert_eq!(hover(&mut client, "[^who]", 2), "Note `[^who]`: Joe Tsai is Alibaba's chairman.");
}

#[test]
fn definitions_lead_to_the_glossary_file_the_claim_the_note_and_the_linked_file() {
    let (dir, mut client) = with_story_open();
    let path = story(dir.root());
    let root = dir.root();
    let mut definition = |needle: &str, ahead: usize| {
        let result = client.request("textDocument/definition", document_position(&path, at(STORY, needle, ahead)));
        (result["uri"].as_str().unwrap().to_string(), result["range"]["start"].clone())
    };
    assert_eq!(
        definition("[[distillation]]", 3),
        (uri(&root.join("content/glossary/distillation.md")), json!({"line": 0, "character": 0}))
    );
    assert_eq!(definition("(claim:qwen-date)", 3), (uri(&path), at(STORY, "qwen-date:", 0)));
    assert_eq!(definition("[^who]", 1), (uri(&path), at(STORY, "[^who]:", 0)));
    assert_eq!(definition("[the glossary]", 1).0, uri(&root.join("content/glossary/tokens.md")));
}

#[test]
fn a_relative_link_leads_to_the_markdown_file_it_names() {
    let dir = site();
    let mut client = Client::start(exe(), dir.root(), json!({}));
    let other = dir.root().join("content/articles/other.md");
    client.open(&other, OTHER);
    let result = client.request("textDocument/definition", document_position(&other, at(OTHER, "[the story]", 2)));
    assert_eq!(result["uri"], uri(&story(dir.root())));
}

#[test]
fn references_of_a_term_are_every_place_that_links_it() {
    let (dir, mut client) = with_story_open();
    let root = dir.root();
    let term = root.join("content/glossary/tokens.md");
    let text = std::fs::read_to_string(&term).unwrap();
    client.open(&term, &text);
    let params = json!({"textDocument": {"uri": uri(&term)}, "position": {"line": 1, "character": 2}, "context": {"includeDeclaration": false}});
    let found = client.request("textDocument/references", params);
    let mut places: Vec<(String, Value)> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["uri"].as_str().unwrap().to_string(), l["range"]["start"].clone()))
        .collect();
    places.sort_by(|a, b| a.0.cmp(&b.0));
    let distillation = std::fs::read_to_string(root.join("content/glossary/distillation.md")).unwrap();
    assert_eq!(
        places,
        [
            (uri(&story(root)), at(STORY, "tokens, and", 0)),
            (uri(&root.join("content/glossary/distillation.md")), at(&distillation, "tokens]", 0)),
        ],
        "the first mention that links by itself and the see_also entry"
    );
}

#[test]
fn renaming_a_term_renames_its_file_and_rewrites_every_link_to_it() {
    let (dir, mut client) = with_story_open();
    let root = dir.root();
    let path = story(root);
    let position = document_position(&path, at(STORY, "distillation]]", 2));
    let prepared = client.request("textDocument/prepareRename", position.clone());
    assert_eq!(prepared["placeholder"], "distillation");
    let mut params = position;
    params["newName"] = json!("knowledge-distillation");
    let edit = client.request("textDocument/rename", params);
    let operations = edit["documentChanges"].as_array().unwrap();
    let rename = operations.last().unwrap();
    assert_eq!(rename["kind"], "rename");
    assert_eq!(rename["oldUri"], uri(&root.join("content/glossary/distillation.md")));
    assert_eq!(rename["newUri"], uri(&root.join("content/glossary/knowledge-distillation.md")));
    let mut edited: Vec<(String, Value, String)> = Vec::new();
    for operation in &operations[..operations.len() - 1] {
        for edit in operation["edits"].as_array().unwrap() {
            let file = operation["textDocument"]["uri"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
            edited.push((
                file,
                operation["textDocument"]["version"].clone(),
                edit["newText"].as_str().unwrap().to_string(),
            ));
        }
    }
    assert_eq!(
        edited,
        [
            ("other.md".to_string(), Value::Null, "knowledge-distillation".to_string()),
            ("story.md".to_string(), json!(1), "knowledge-distillation".to_string()),
        ]
    );
    let refused = client.call("textDocument/rename", {
        let mut params = document_position(&path, at(STORY, "distillation]]", 2));
        params["newName"] = json!("tokens");
        params
    });
    assert!(refused["error"]["message"].as_str().unwrap().contains("already has a term `tokens`"), "{refused}");
}

#[test]
fn code_actions_fix_a_typo_create_a_missing_term_and_link_a_plain_mention() {
    let (dir, mut client) = with_story_open();
    let path = story(dir.root());
    client.change(&path, 2, ((13, 0), (13, 0)), "[[tokn]] ");
    let problems = client.diagnostics(&uri(&path), |list| !list.is_empty());
    let params = json!({
        "textDocument": {"uri": uri(&path)},
        "range": {"start": {"line": 13, "character": 3}, "end": {"line": 13, "character": 3}},
        "context": {"diagnostics": problems}
    });
    let actions = client.request("textDocument/codeAction", params);
    let titles: Vec<&str> = actions.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Change to `[[tokens]]`", "Create the term `tokn` (content/glossary/tokn.md)"]);
    let fix = &actions[0]["edit"]["changes"][uri(&path)][0];
    assert_eq!(
        fix,
        &json!({"range": {"start": {"line": 13, "character": 2}, "end": {"line": 13, "character": 6}}, "newText": "tokens"})
    );
    let create = &actions[1]["edit"]["documentChanges"];
    assert_eq!(create[0]["kind"], "create");
    let template = create[1]["edits"][0]["newText"].as_str().unwrap();
    assert!(template.starts_with("---\nterm: \"tokn\"\nshort: "), "{template}");

    // "A model reads tokens", now after "[[tokn]] ": the plain mention, linked.
    let column = at(STORY, "tokens, and", 1)["character"].as_u64().unwrap() + "[[tokn]] ".len() as u64;
    let params = json!({
        "textDocument": {"uri": uri(&path)},
        "range": {"start": {"line": 13, "character": column}, "end": {"line": 13, "character": column}},
        "context": {"diagnostics": []}
    });
    let actions = client.request("textDocument/codeAction", params);
    assert_eq!(actions[0]["title"], "Link `tokens` to the term `Token`");
    assert_eq!(actions[0]["edit"]["changes"][uri(&path)][0]["newText"], "[[tokens]]");
}

#[test]
fn a_file_opened_below_a_folder_without_content_finds_its_site_root() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("site");
    common::copy_tree(site().root(), &root);
    let mut client = Client::start(exe(), outer.path(), json!({"debounce_ms": 0}));
    let path = story(&root);
    client.open(&path, &STORY.replace("[[distillation]]", "[[distilation]]"));
    let problems = client.diagnostics(&uri(&path), |list| !list.is_empty());
    assert_eq!(codes(&problems), ["unknown-term"]);
}

#[test]
fn the_server_exits_cleanly_after_shutdown_and_exit() {
    let dir = site();
    let client = Client::start(exe(), dir.root(), json!({}));
    assert!(client.shut_down().success());
}
