//! The wasm face of image inspection, as the page's worker drives it, in headless Chromium
//! inside a dedicated worker (`FileReaderSync` exists only there): a `Blob` read in slices
//! (the pull path), the same bytes pushed in odd chunks (VS Code's path), the level sweep,
//! advice redone for another bandwidth, and broken input that must give an error object or a
//! report with errors, never a trap.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect, Uint8Array, JSON};
use layerlint::wasm::{self, Inspection};
use sha2::{Digest, Sha256};
use std::io::Write;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    type Blob;
    #[wasm_bindgen(constructor)]
    fn new(parts: &Array) -> Blob;
}

fn blob(bytes: &[u8]) -> JsValue {
    let parts = Array::of1(&Uint8Array::from(bytes));
    Blob::new(&parts).into()
}

/// A plain JS object, as the page passes options.
fn js_object(value: &serde_json::Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap()
}

fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| {
        Reflect::get(&v, &JsValue::from_str(key)).expect("readable")
    })
}

fn num(value: &JsValue, path: &str) -> f64 {
    get(value, path)
        .as_f64()
        .unwrap_or_else(|| panic!("{path} is a number"))
}

fn array(value: &JsValue, path: &str) -> Array {
    get(value, path).dyn_into().expect("an array")
}

/// A ustar archive of `(path, data)` regular files (a `/` at the end makes a directory).
fn tar(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (path, data) in entries {
        let mut h = [0u8; 512];
        h[..path.len()].copy_from_slice(path.as_bytes());
        let dir = path.ends_with('/');
        h[100..108].copy_from_slice(if dir { b"0000755\0" } else { b"0000644\0" });
        h[108..116].copy_from_slice(b"0000000\0");
        h[116..124].copy_from_slice(b"0000000\0");
        h[124..136].copy_from_slice(format!("{:011o}\0", data.len()).as_bytes());
        h[136..148].copy_from_slice(b"00000000000\0");
        h[156] = if dir { b'5' } else { b'0' };
        h[257..265].copy_from_slice(b"ustar\x0000");
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|&b| b as u32).sum();
        h[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        out.extend_from_slice(&h);
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

fn sha256(data: &[u8]) -> String {
    let d = Sha256::digest(data);
    format!(
        "sha256:{}",
        d.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A classic `docker save` archive with two layers: the second deletes and overwrites files
/// of the first.
fn docker_archive() -> Vec<u8> {
    let big: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let l1 = tar(&[
        ("etc/", b""),
        ("etc/os-release", b"NAME=test\n"),
        ("usr/", b""),
        ("usr/big.bin", &big),
        ("usr/gone.txt", &[b'x'; 5000]),
    ]);
    let l2 = tar(&[
        ("usr/", b""),
        ("usr/.wh.gone.txt", b""),
        ("etc/os-release", b"NAME=changed\n"),
    ]);
    let ids = [sha256(&l1), sha256(&l2)];
    let dirs: Vec<String> = ids.iter().map(|d| d[7..].to_string()).collect();
    let config = serde_json::json!({
        "architecture": "amd64", "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": ids},
        "history": [
            {"created_by": "/bin/sh -c #(nop) ADD file:abc in / "},
            {"created_by": "/bin/sh -c #(nop)  CMD [\"sh\"]", "empty_layer": true},
            {"created_by": "RUN /bin/sh -c rm /usr/gone.txt # buildkit"}
        ]
    })
    .to_string();
    let config_name = format!("{}.json", &sha256(config.as_bytes())[7..]);
    let manifest = serde_json::json!([{
        "Config": config_name,
        "RepoTags": ["test/<b>hostile</b>:1"],
        "Layers": [format!("{}/layer.tar", dirs[0]), format!("{}/layer.tar", dirs[1])],
    }])
    .to_string();
    tar(&[
        (&format!("{}/", dirs[0]), b""),
        (&format!("{}/layer.tar", dirs[0]), &l1),
        (&format!("{}/", dirs[1]), b""),
        (&format!("{}/layer.tar", dirs[1]), &l2),
        (&config_name, config.as_bytes()),
        ("manifest.json", manifest.as_bytes()),
    ])
}

/// Pull the whole `bytes` as a `Blob`, in short budgets as the worker does.
fn pull(bytes: &[u8], options: JsValue) -> JsValue {
    let mut ins = Inspection::new("image.tar", bytes.len() as f64, options, None).unwrap();
    let file = blob(bytes);
    let mut rounds = 0;
    while !ins.read_from(&file, 0.0).unwrap() {
        rounds += 1;
        assert!(rounds < 10_000, "the inspection does not end");
    }
    assert!(ins.want().unwrap().is_null());
    ins.finish().unwrap()
}

/// Push `bytes` in chunks of `size`, from wherever `want()` says, as the VS Code page does.
fn push(bytes: &[u8], size: usize) -> JsValue {
    let mut ins =
        Inspection::new("image.tar", bytes.len() as f64, JsValue::UNDEFINED, None).unwrap();
    loop {
        let want = ins.want().unwrap();
        if want.is_null() {
            break;
        }
        let offset = num(&want, "offset") as usize;
        let end = (offset + size).min(bytes.len());
        ins.feed(offset as f64, &bytes[offset..end]).unwrap();
    }
    ins.finish().unwrap()
}

#[wasm_bindgen_test]
fn a_docker_archive_read_from_a_blob_is_fully_reported() {
    let bytes = docker_archive();
    let report = pull(&bytes, JsValue::UNDEFINED);
    assert_eq!(
        get(&report, "version").as_string().unwrap(),
        wasm::version()
    );
    let image = array(&report, "images").get(0);
    assert_eq!(get(&image, "format").as_string().unwrap(), "docker-archive");
    assert_eq!(
        get(&image, "reference").as_string().unwrap(),
        "test/<b>hostile</b>:1"
    );
    assert_eq!(
        array(&image, "errors").length(),
        0,
        "{:?}",
        JSON::stringify(&image)
    );
    let layers = array(&image, "layers");
    assert_eq!(layers.length(), 2);
    let (l1, l2) = (layers.get(0), layers.get(1));
    assert_eq!(num(&l1, "files"), 3.0);
    assert_eq!(num(&l1, "dirs"), 2.0);
    // a classic archive names no blob digest: it is computed, and the config's diff_id checked
    assert!(get(&l1, "digest_ok").is_null());
    assert_eq!(
        get(&l1, "digest").as_string(),
        get(&l1, "diff_id").as_string()
    );
    assert_eq!(get(&l1, "diff_id_ok"), JsValue::TRUE);
    assert_eq!(num(&l1, "wasted_bytes"), 5000.0 + 10.0);
    assert_eq!(num(&l2, "whiteouts"), 1.0);
    assert_eq!(
        get(&l2, "created_by").as_string().unwrap(),
        "RUN /bin/sh -c rm /usr/gone.txt # buildkit"
    );
    assert_eq!(
        get(&array(&l1, "largest_files").get(0), "path")
            .as_string()
            .unwrap(),
        "usr/big.bin"
    );
    // measured here, with a real clock: sizes and times
    for codec in ["gzip", "zstd"] {
        assert!(num(&l1, &format!("{codec}.size")) > 0.0);
        assert!(num(&l1, &format!("{codec}.encode_ms")) >= 0.0);
    }
    assert_eq!(array(&image, "history").length(), 3);
    assert!(num(&image, "total.efficiency") < 1.0);
    assert!(num(&image, "startup.gzip.bytes") > 0.0);
    assert!(array(&image, "advice").length() > 0);
}

#[wasm_bindgen_test]
fn pushed_in_odd_chunks_the_report_equals_the_pulled_one() {
    let bytes = docker_archive();
    let options = js_object(&serde_json::json!({"measure": false}));
    let pulled = pull(&bytes, options);
    let mut ins =
        Inspection::new("image.tar", bytes.len() as f64, JsValue::UNDEFINED, None).unwrap();
    ins.cancel();
    assert!(
        ins.feed(0.0, &bytes[..512]).is_err(),
        "a cancelled inspection takes no more"
    );
    for size in [1000, 1 << 20] {
        let pushed = push(&bytes, size);
        let strip = |v: &JsValue| {
            let image = array(v, "images").get(0);
            for l in array(&image, "layers").iter() {
                for k in ["gzip", "zstd", "original", "sha256"] {
                    Reflect::set(&l, &k.into(), &JsValue::NULL).unwrap();
                }
            }
            for k in ["startup", "advice", "total"] {
                Reflect::set(&image, &k.into(), &JsValue::NULL).unwrap();
            }
            JSON::stringify(&image).unwrap().as_string().unwrap()
        };
        assert_eq!(strip(&pushed), strip(&pulled));
    }
}

#[wasm_bindgen_test]
fn a_gzip_layer_gets_a_level_sweep_and_new_advice_for_a_bandwidth() {
    let layer = gzip(&tar(&[("a.txt", &[b'a'; 100_000][..])]));
    let mut ins = Inspection::new(
        "layer.tar.gz",
        layer.len() as f64,
        JsValue::UNDEFINED,
        Some(true),
    )
    .unwrap();
    assert!(ins.read_from(&blob(&layer), 1e9).unwrap());
    let report = ins.finish().unwrap();
    let sweep = get(&array(&report, "images").get(0), "sweep");
    assert_eq!(array(&sweep, "points").length(), 7);

    let image = array(&pull(&layer, JsValue::UNDEFINED), "images").get(0);
    assert_eq!(get(&image, "format").as_string().unwrap(), "layer");
    assert_eq!(
        get(&array(&image, "layers").get(0), "compression")
            .as_string()
            .unwrap(),
        "gzip"
    );
    let options = js_object(&serde_json::json!({"bandwidth_mbit_s": 10.0}));
    let slower = wasm::advise(image.clone(), options).unwrap();
    assert_eq!(num(&slower, "startup.bandwidth_mbit_s"), 10.0);
    assert!(num(&slower, "startup.gzip.download_s") > num(&image, "startup.gzip.download_s"));
    assert!(wasm::advise(JsValue::from_str("nope"), JsValue::UNDEFINED).is_err());
}

#[wasm_bindgen_test]
fn broken_input_gives_errors_not_traps() {
    let bytes = docker_archive();
    // truncated in the middle of the first layer
    let cut = &bytes[..bytes.len() / 2];
    let image = array(&pull(cut, JsValue::UNDEFINED), "images").get(0);
    assert!(array(&image, "errors").length() > 0);
    // a gzip layer with its end cut off
    let layer = gzip(&tar(&[("a.bin", &[7u8; 200_000][..])]));
    let image = array(
        &pull(&layer[..layer.len() - 20], JsValue::UNDEFINED),
        "images",
    )
    .get(0);
    let errors = JSON::stringify(&get(&image, "errors"))
        .unwrap()
        .as_string()
        .unwrap();
    assert!(errors.contains("gzip"), "{errors}");
    assert_eq!(
        get(&array(&image, "layers").get(0), "complete"),
        JsValue::FALSE
    );
    // not an image at all: a Dockerfile
    let text = b"FROM debian:12\nRUN true\n";
    assert_eq!(wasm::detect(text), "unknown");
    assert_eq!(wasm::detect(&bytes), "tar");
    assert_eq!(wasm::detect(&layer), "gzip");
    let image = array(&pull(text, JsValue::UNDEFINED), "images").get(0);
    assert_eq!(get(&image, "format").as_string().unwrap(), "unknown");
    // bad numbers and options are errors, never panics
    assert!(Inspection::new("x", -1.0, JsValue::UNDEFINED, None).is_err());
    assert!(Inspection::new("x", f64::NAN, JsValue::UNDEFINED, None).is_err());
    let bad = js_object(&serde_json::json!({"measure": "yes"}));
    assert!(Inspection::new("x", 10.0, bad, None).is_err());
    let mut ins = Inspection::new("x", 10.0, JsValue::UNDEFINED, None).unwrap();
    assert!(ins.feed(1.5, b"abc").is_err());
    assert!(ins
        .read_from(&JsValue::from_str("not a blob"), 10.0)
        .is_err());
    ins.finish().unwrap();
    assert!(ins.finish().is_err());
    assert!(ins.want().unwrap().is_null());
}
