//! The `nomen` binary as a user runs it: exit codes, stdout, stderr.

mod common;

use std::process::Output;

use common::nomen;

fn temp_file(name: &str, contents: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("nomen-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn stdout_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn extract_reads_stdin_and_writes_jsonl_with_code_point_offsets() {
    let text = "🎉 Talks in Tripoli on Monday.";
    let out = nomen(&["extract"], text);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let records = stdout_lines(&out);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["id"], "stdin-1");
    assert_eq!(records[0]["text"], text);
    let chars: Vec<char> = text.chars().collect();
    let spans = records[0]["spans"].as_array().unwrap();
    let shown: Vec<String> =
        spans.iter().map(|s| chars[s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize].iter().collect()).collect();
    assert!(shown.contains(&"Tripoli".to_string()) && shown.contains(&"Monday".to_string()), "{shown:?}");
}

#[test]
fn extract_keeps_jsonl_ids_and_names_txt_files() {
    let jsonl = temp_file("docs.jsonl", "{\"id\": \"a1\", \"text\": \"Rome\"}\n{\"text\": \"Italy\"}\n");
    let txt = temp_file("article.txt", "Benghazi");
    let out = nomen(&["extract", jsonl.to_str().unwrap(), txt.to_str().unwrap()], "");
    assert!(out.status.success());
    let ids: Vec<String> = stdout_lines(&out).iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, ["a1".to_string(), format!("{}#2", jsonl.display()), "article".to_string()]);
}

#[test]
fn malformed_jsonl_names_file_and_line_and_exits_1() {
    let bad = temp_file("bad.jsonl", "{\"text\": \"ok\"}\n{\"text\": \"x\", \"spans\": [{\"start\": 0, \"end\": 1}]}\n");
    let out = nomen(&["extract", bad.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("{}: line 2:", bad.display())), "{stderr}");
    assert!(stderr.contains("label"), "says which field is missing: {stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn a_missing_file_does_not_stop_the_batch() {
    let good = temp_file("good.txt", "Misrata");
    let out = nomen(&["extract", "/no/such/file.txt", good.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_lines(&out).len(), 1, "the good file is still extracted");
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/file.txt: could not read the file"));
}

#[test]
fn eval_scores_predictions_per_label() {
    let gold = temp_file(
        "gold.jsonl",
        "{\"id\":\"d\",\"text\":\"Haftar met Conte in Rome\",\"spans\":[{\"start\":0,\"end\":6,\"label\":\"PERSON\"},{\"start\":20,\"end\":24,\"label\":\"GPE\"}]}\n",
    );
    let pred = temp_file(
        "pred.jsonl",
        "{\"id\":\"d\",\"text\":\"Haftar met Conte in Rome\",\"spans\":[{\"start\":20,\"end\":24,\"label\":\"GPE\"},{\"start\":11,\"end\":16,\"label\":\"PERSON\"}]}\n",
    );
    let out = nomen(&["eval", "--gold", gold.to_str().unwrap(), "--pred", pred.to_str().unwrap(), "--json"], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["overall"]["precision"], 0.5);
    assert_eq!(report["overall"]["recall"], 0.5);
    let gpe = report["per_label"].as_array().unwrap().iter().find(|s| s["label"] == "GPE").unwrap();
    assert_eq!(gpe["f1"], 1.0);
}

#[test]
fn eval_refuses_predictions_for_other_texts() {
    let gold = temp_file("g2.jsonl", "{\"id\":\"d\",\"text\":\"Rome\",\"spans\":[]}\n");
    let pred = temp_file("p2.jsonl", "{\"id\":\"d\",\"text\":\"Roma\",\"spans\":[]}\n");
    let out = nomen(&["eval", "--gold", gold.to_str().unwrap(), "--pred", pred.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("differs from the gold text"));
}

#[test]
fn usage_errors_exit_2() {
    let out = nomen(&["eval"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--gold"));
}

#[test]
fn patterns_from_the_app_apply_after_the_model() {
    let text = "Officials said Rada would attend.";
    let without = nomen(&["extract"], text);
    let label =
        |out: &Output| stdout_lines(out)[0]["spans"].as_array().unwrap().iter().find(|s| s["start"] == 15).map(|s| s["label"].clone());
    assert_eq!(label(&without), Some(serde_json::json!("PERSON")), "precondition: the shipped model says PERSON");
    let patterns = temp_file("names.patterns.jsonl", "{\"label\":\"ORG\",\"pattern\":\"Rada\"}\n");
    let with = nomen(&["extract", "--patterns", patterns.to_str().unwrap()], text);
    assert!(with.status.success(), "{}", String::from_utf8_lossy(&with.stderr));
    assert_eq!(label(&with), Some(serde_json::json!("ORG")));
    let tokens = temp_file("tokens.patterns.jsonl", "{\"label\":\"ORG\",\"pattern\":[{\"lower\":\"rada\"}]}\n");
    let with = nomen(&["extract", "--patterns", tokens.to_str().unwrap()], text);
    assert_eq!(label(&with), Some(serde_json::json!("ORG")), "token-attribute patterns apply too");
    let bad = temp_file("bad.patterns.jsonl", "{\"label\":\"PERSON\"}\n");
    let out = nomen(&["extract", "--patterns", bad.to_str().unwrap()], text);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("bad.patterns.jsonl: line 1: \"pattern\": expected a non-empty string"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn learn_writes_a_model_that_extract_uses() {
    let text = "Officials said Rada would attend.";
    let label =
        |out: &Output| stdout_lines(out)[0]["spans"].as_array().unwrap().iter().find(|s| s["start"] == 15).map(|s| s["label"].clone());
    let corrected =
        temp_file("corrected.jsonl", "{\"text\":\"Aides said Rada would go.\",\"spans\":[{\"start\":11,\"end\":15,\"label\":\"ORG\"}]}\n");
    let model = corrected.with_file_name("learned.model");
    let out = nomen(&["learn", corrected.to_str().unwrap(), "-o", model.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("learned from 1 document: the model now applies 1 name or pattern"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let with = nomen(&["extract", "--model", model.to_str().unwrap()], text);
    assert!(with.status.success(), "{}", String::from_utf8_lossy(&with.stderr));
    assert_eq!(label(&with), Some(serde_json::json!("ORG")));
    assert_eq!(label(&nomen(&["extract"], text)), Some(serde_json::json!("PERSON")), "the shipped model is unchanged");
    let bad = temp_file("bad-corrected.jsonl", "{\"text\":\"ok\",\"spans\":[]}\nnot json\n");
    let out = nomen(&["learn", bad.to_str().unwrap(), "-o", model.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad-corrected.jsonl: line 2"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        label(&nomen(&["extract", "--model", model.to_str().unwrap()], text)),
        Some(serde_json::json!("ORG")),
        "a failed run leaves the model as it was"
    );
}

#[test]
fn aliases_proposes_spelling_variants_from_annotations() {
    let docs = temp_file(
        "variants.jsonl",
        concat!(
            "{\"text\":\"Haftar met Misrata elders.\",\"spans\":[{\"start\":0,\"end\":6,\"label\":\"PERSON\"},{\"start\":11,\"end\":18,\"label\":\"GPE\"}]}\n",
            "{\"text\":\"Hafter left Misurata.\",\"spans\":[{\"start\":0,\"end\":6,\"label\":\"PERSON\"},{\"start\":12,\"end\":20,\"label\":\"GPE\"}]}\n",
        ),
    );
    let out = nomen(&["aliases", "--json", docs.to_str().unwrap()], "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let clusters: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = clusters.as_array().unwrap().iter().map(|c| c["kb_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["GPE:Misrata", "PERSON:Haftar"]);
}

/// `--jobs` changes how many threads extract, never the output: same bytes, input order,
/// ids counted across the blocks that are extracted at a time.
#[test]
fn extract_jobs_keep_input_order_and_output() {
    let seeds = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/gold/seeds.jsonl")).unwrap();
    let mut input = String::new();
    // More documents than one block (1024), of very different lengths, most without an id.
    for i in 0..1100 {
        let text = match i % 3 {
            0 => format!("Fayez al-Sarraj met Khalifa Haftar in Benghazi on day {i} 🎉."),
            1 => "Rome".to_string(),
            _ => format!("{} {i}", "The UN envoy spoke in Tripoli.".repeat(1 + i % 7)),
        };
        input.push_str(&serde_json::json!({ "text": text }).to_string());
        input.push('\n');
    }
    input.push_str(&seeds);
    let path = temp_file("jobs.jsonl", &input);
    let run = |jobs: &str| {
        let out = nomen(&["extract", "--jobs", jobs, path.to_str().unwrap()], "");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"), "--jobs 2 writes the same bytes as --jobs 1");
    assert_eq!(one, run("5"), "--jobs 5 writes the same bytes as --jobs 1");
    let records: Vec<serde_json::Value> = String::from_utf8(one).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(records.len(), 1100 + seeds.lines().filter(|l| !l.trim().is_empty()).count());
    assert_eq!(records[1099]["id"], format!("{}#1100", path.display()), "ids count on across blocks");
    assert_eq!(records[1024]["text"], "Rome");
    let zero = nomen(&["extract", "--jobs", "0", path.to_str().unwrap()], "");
    assert_eq!(zero.status.code(), Some(2), "--jobs 0 is a usage error");
}

#[test]
fn detokenize_writes_raw_text_plain_or_in_news_typography() {
    // Enough lines that the seeded news style curls at least one of them.
    let line = "`` Haftar 's men did n't leave , '' said an aide of the U.S. -LRB- Washington -RRB- envoy .";
    let text = [line; 12].join("\n");
    let at = line.find("Haftar").unwrap();
    let record = serde_json::json!({"id": "d", "text": text, "spans": [{"start": at, "end": at + 6, "label": "PERSON"}]});
    let ptb = temp_file("ptb.jsonl", &format!("{record}\n"));
    let spans_hold = |out: &Output, quote: &str| {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let doc = &stdout_lines(out)[0];
        let raw: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
        let span = &doc["spans"][0];
        let shown: String = raw[span["start"].as_u64().unwrap() as usize..span["end"].as_u64().unwrap() as usize].iter().collect();
        assert_eq!(shown, "Haftar");
        assert!(raw.iter().collect::<String>().contains(quote), "{quote} in {}", doc["text"]);
    };
    let ascii = nomen(&["detokenize", ptb.to_str().unwrap()], "");
    spans_hold(&ascii, "\"Haftar's men didn't leave,\" said");
    assert!(!String::from_utf8_lossy(&ascii.stdout).contains('’'));
    let news = nomen(&["detokenize", "--style", "news", ptb.to_str().unwrap()], "");
    spans_hold(&news, "Haftar’s men didn’t leave");
}
