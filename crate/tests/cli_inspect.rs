//! `layerlint inspect` as CI runs it: exit codes, thresholds and the public JSON shape, over a
//! small docker-archive written here (with the `tar` crate) whose waste is known.

#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

fn sha256(data: &[u8]) -> String {
    let d = Sha256::digest(data);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

fn tar_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (path, data) in entries {
        let mut h = tar::Header::new_ustar();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_entry_type(tar::EntryType::Regular);
        b.append_data(&mut h, path, *data).unwrap();
    }
    b.into_inner().unwrap()
}

/// Two layers: the second overwrites a 5000-byte file with 10 bytes (5000 wasted).
fn docker_archive(dir: &Path) -> PathBuf {
    let big = vec![b'a'; 5000];
    let l1 = tar_of(&[("app/data.bin", &big), ("app/keep.txt", b"keep")]);
    let l2 = tar_of(&[("app/data.bin", b"0123456789")]);
    let config = serde_json::json!({
        "os": "linux", "architecture": "amd64",
        "rootfs": {"type": "layers", "diff_ids": [format!("sha256:{}", sha256(&l1)), format!("sha256:{}", sha256(&l2))]},
        "history": [{"created_by": "COPY big /app/"}, {"created_by": "ENV X=1", "empty_layer": true}, {"created_by": "RUN shrink"}],
    });
    let config = serde_json::to_vec(&config).unwrap();
    let cfg_name = format!("{}.json", sha256(&config));
    let (n1, n2) = (
        format!("{}.tar", sha256(&l1)),
        format!("{}.tar", sha256(&l2)),
    );
    let manifest =
        serde_json::json!([{"Config": cfg_name, "RepoTags": ["t:1"], "Layers": [n1, n2]}]);
    let outer = tar_of(&[
        (&n1, &l1),
        (&n2, &l2),
        (&cfg_name, &config),
        ("manifest.json", &serde_json::to_vec(&manifest).unwrap()),
    ]);
    let path = dir.join("image.tar");
    std::fs::write(&path, outer).unwrap();
    path
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn layerlint(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_layerlint"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn json_report_has_the_documented_shape() {
    let img = docker_archive(&scratch("cli-json"));
    let (code, out, err) = layerlint(&["inspect", "--format", "json", img.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["version"].is_string());
    let i = &v["images"][0];
    assert_eq!(i["path"], img.to_str().unwrap());
    assert_eq!(i["format"], "docker-archive");
    assert_eq!(i["platform"], "linux/amd64");
    let l = &i["layers"][0];
    for key in [
        "index",
        "digest",
        "media_type",
        "stored_size",
        "uncompressed_size",
        "files",
        "dirs",
        "whiteouts",
        "wasted_bytes",
        "created_by",
        "largest_files",
    ] {
        assert!(!l[key].is_null(), "layers[0].{key} missing");
    }
    assert_eq!(l["index"], 1);
    assert_eq!(l["files"], 2);
    assert_eq!(l["wasted_bytes"], 5000);
    assert_eq!(l["created_by"], "COPY big /app/");
    assert_eq!(i["layers"][1]["created_by"], "RUN shrink");
    assert_eq!(l["largest_files"][0]["path"], "app/data.bin");
    assert_eq!(l["largest_files"][0]["size"], 5000);
    for codec in ["gzip", "zstd"] {
        for key in ["level", "size", "encode_ms", "decode_ms"] {
            assert!(l[codec][key].is_number(), "{codec}.{key}");
        }
    }
    assert_eq!(l["gzip"]["level"], 6);
    assert_eq!(l["zstd"]["level"], 3);
    let t = &i["total"];
    assert_eq!(t["wasted_bytes"], 5000);
    assert!(
        t["stored_size"].is_number()
            && t["uncompressed_size"].is_number()
            && t["efficiency"].is_number()
    );
    assert!(i["advice"][0]["id"].is_string() && i["advice"][0]["message"].is_string());
    assert_eq!(i["errors"], serde_json::json!([]));
    assert_eq!(i["history"].as_array().unwrap().len(), 3);
    // the layers are hashed (digest checks): the sha256 speed the estimate uses
    assert!(l["sha256"]["bytes"].as_u64().unwrap() >= l["stored_size"].as_u64().unwrap());
    // the start-up estimate per codec: the steps of a containerd pull add up to the total
    let s = &i["startup"];
    assert_eq!(s["bandwidth_mbit_s"], 400.0);
    assert!(
        s["as_stored"].is_null(),
        "docker-archive layers are uncompressed"
    );
    for codec in ["gzip", "zstd"] {
        let p = &s[codec];
        let steps = [
            "setup_s",
            "download_s",
            "verify_s",
            "decompress_s",
            "write_s",
        ];
        let sum: f64 = steps.iter().map(|k| p[k].as_f64().unwrap()).sum();
        assert!(
            (sum - p["total_s"].as_f64().unwrap()).abs() < 1e-9,
            "{codec}: {p}"
        );
        let bytes = p["bytes"].as_f64().unwrap();
        assert!((p["download_s"].as_f64().unwrap() - bytes * 8.0 / 400e6).abs() < 1e-12);
        assert_eq!(
            p["bytes"],
            l[codec]["size"].as_u64().unwrap() + i["layers"][1][codec]["size"].as_u64().unwrap()
        );
    }
}

#[test]
fn thresholds_set_exit_code_1() {
    let img = docker_archive(&scratch("cli-thresholds"));
    let p = img.to_str().unwrap();
    let ok = |args: &[&str]| {
        let mut a = vec!["inspect", "--no-measure", p];
        a.extend_from_slice(args);
        layerlint(&a)
    };
    assert_eq!(ok(&["--max-wasted-bytes", "5000"]).0, 0);
    let (code, _, err) = ok(&["--max-wasted-bytes", "4kB"]);
    assert_eq!(code, 1);
    assert!(err.contains("more than --max-wasted-bytes 4000"), "{err}");
    // efficiency = 1 - 5000 / (5000 + 4 + 10)
    assert_eq!(ok(&["--min-efficiency", "0.002"]).0, 0);
    assert_eq!(ok(&["--min-efficiency", "50%"]).0, 1);
    assert_eq!(ok(&["--max-size", "1MB"]).0, 0);
    assert_eq!(ok(&["--max-size", "1000"]).0, 1);
}

#[test]
fn bad_inputs_exit_2() {
    let dir = scratch("cli-bad");
    let img = docker_archive(&dir);
    // a flipped byte in a layer: its diff_id no longer matches
    let mut bytes = std::fs::read(&img).unwrap();
    let at = bytes.windows(4).position(|w| w == b"aaaa").unwrap();
    bytes[at] = b'b';
    let bad = dir.join("tampered.tar");
    std::fs::write(&bad, bytes).unwrap();
    let (code, out, _) = layerlint(&["inspect", "--no-measure", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.contains("diff_id mismatch"), "{out}");
    let (code, _, err) = layerlint(&["inspect", dir.join("missing.tar").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"));
    let (code, _, _) = layerlint(&["inspect", "--min-efficiency", "2", img.to_str().unwrap()]);
    assert_eq!(code, 2, "usage error");
}

#[test]
fn text_output_escapes_control_characters() {
    let dir = scratch("cli-text");
    let layer = tar_of(&[("evil\x1b[2Jname", b"x")]);
    let path = dir.join("layer.tar");
    std::fs::write(&path, layer).unwrap();
    let (code, out, _) = layerlint(&["inspect", "--no-measure", path.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(out.contains("evil\\u{1b}[2Jname"), "{out}");
    assert!(!out.contains('\x1b'));
    let (_, json, _) = layerlint(&[
        "inspect",
        "--format",
        "json",
        "--no-measure",
        path.to_str().unwrap(),
    ]);
    assert!(json.contains("evil\\u001b[2Jname"));
}
