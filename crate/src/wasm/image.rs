//! The image module's bindings (feature `image`): the engine (`image::Inspector`) behind a
//! class the worker drives, pushed (VS Code posts chunks) or pulled (a `File` read in slices
//! through `FileReaderSync`); file detection and advice for the page.

use crate::advice::AdviceOptions;
use crate::host::{Clock, ProgressInfo};
use crate::image::detect::{sniff, Sniff};
use crate::image::{self, InspectOptions, Inspector};
use crate::report::image::{ImageReport, InspectReport};
use wasm_bindgen::prelude::*;
use web_sys::{Blob, FileReaderSync, Performance};

#[wasm_bindgen]
extern "C" {
    /// The global scope's `performance`: a window's or a worker's alike (web-sys only reaches
    /// it through `Window` or `WorkerGlobalScope`).
    #[wasm_bindgen(thread_local_v2, js_name = performance)]
    static PERFORMANCE: Performance;
}

fn performance_now() -> f64 {
    PERFORMANCE.with(Performance::now)
}

struct PerformanceClock;

impl Clock for PerformanceClock {
    fn now_ms(&self) -> f64 {
        performance_now()
    }
}

static CLOCK: PerformanceClock = PerformanceClock;

/// Bytes per `FileReaderSync` read when pulling: each read is a round trip to the browser
/// process, so larger slices read faster (measured in Chromium: 1 MiB ~200–370 MB/s, 4 MiB
/// ~350, 16 MiB ~780); the engine still works in 1 MiB chunks. One slice is held at a time.
const PULL_SLICE: u64 = 8 << 20;

/// The largest byte count a JS number holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// What a dropped file is, from its first bytes (up to 512; never from its name): `"gzip"`,
/// `"zstd"`, `"tar"` (a layer or an image archive), `"empty"`, `"unsupported"` (xz, bzip2,
/// lz4) or `"unknown"` (e.g. a Dockerfile's text).
#[wasm_bindgen]
pub fn detect(head: &[u8]) -> String {
    match sniff(&head[..head.len().min(512)]) {
        Sniff::Compressed(c) => c.as_str(),
        Sniff::Tar => "tar",
        Sniff::Unsupported(_) => "unsupported",
        Sniff::Empty => "empty",
        Sniff::Unknown => "unknown",
    }
    .to_string()
}

/// One inspection of one input. Push: `want()` says which bytes it needs next (`{offset, len}`,
/// or `null` when done), `feed(offset, bytes)` gives them (any chunk size; returns how many
/// bytes of the chunk were used), `readFailed(message)` when the host cannot deliver them.
/// Pull: `readFrom(blob, budgetMs)` does the same from a `Blob` through `FileReaderSync` (in a
/// worker) for about `budgetMs` and says whether it is done. Then `finish()` gives
/// `{version, images}`: the inspect JSON report.
#[wasm_bindgen]
pub struct Inspection {
    inner: Option<Inspector<'static>>,
    progress: ProgressInfo,
    cancelled: bool,
    /// Reused buffer for pulled slices.
    chunk: Vec<u8>,
}

#[wasm_bindgen]
impl Inspection {
    /// `name` is only reported; `size` is the input's length in bytes; `options` an
    /// `InspectOptions` object or `undefined`. With `sweepOnly`, only the level sweep of
    /// `options.sweep` (default: the largest layer) runs.
    #[wasm_bindgen(constructor)]
    pub fn new(
        name: &str,
        size: f64,
        options: JsValue,
        sweep_only: Option<bool>,
    ) -> Result<Inspection, JsError> {
        let len = byte_count(size, "size")?;
        let opts: InspectOptions = from_js_or_default(options, "inspect options")?;
        let inner = if sweep_only.unwrap_or(false) {
            Inspector::sweep_only(name, len, &opts, &CLOCK)
        } else {
            Inspector::new(name, len, &opts, &CLOCK)
        };
        Ok(Inspection {
            inner: Some(inner),
            progress: ProgressInfo::default(),
            cancelled: false,
            chunk: Vec::new(),
        })
    }

    /// The bytes needed next, `{offset, len}`, or `null` when the inspection is over.
    pub fn want(&self) -> Result<JsValue, JsError> {
        match self.inner.as_ref().and_then(Inspector::want) {
            Some(w) => to_js(&w),
            None => Ok(JsValue::NULL),
        }
    }

    /// Give the bytes at `offset`; returns how many of them were used (counted from the
    /// chunk's start). Throws `cancelled` after `cancel()`.
    pub fn feed(&mut self, offset: f64, bytes: &[u8]) -> Result<f64, JsError> {
        let offset = byte_count(offset, "offset")?;
        let used = self.feed_at(offset, bytes)?;
        Ok(used as f64)
    }

    /// The host cannot read what `want()` asks for: that read fails with `message` and the
    /// inspection goes on where it can (the report tells what is missing).
    #[wasm_bindgen(js_name = readFailed)]
    pub fn read_failed(&mut self, message: &str) -> Result<(), JsError> {
        self.live()?.read_failed(message);
        Ok(())
    }

    /// Pull from `blob` (a `File`) through `FileReaderSync` in slices of up to 8 MiB, as `want()` asks,
    /// for about `budget_ms` milliseconds; returns `true` when the inspection is over. Only in a
    /// worker (the main thread has no synchronous reader). Call again after letting the
    /// worker's event loop run (progress, cancel).
    #[wasm_bindgen(js_name = readFrom)]
    pub fn read_from(&mut self, blob: &JsValue, budget_ms: f64) -> Result<bool, JsError> {
        let blob: &Blob = blob
            .dyn_ref()
            .ok_or_else(|| JsError::new("readFrom needs a Blob or File"))?;
        let reader = FileReaderSync::new()
            .map_err(|_| JsError::new("FileReaderSync is only available in a worker"))?;
        let started = performance_now();
        loop {
            let Some(want) = self.live()?.want() else {
                return Ok(true);
            };
            let end = (want.offset + want.len.min(PULL_SLICE)) as f64;
            let read = blob
                .slice_with_f64_and_f64(want.offset as f64, end)
                .and_then(|slice| reader.read_as_array_buffer(&slice));
            match read {
                Ok(buffer) => {
                    let view = js_sys::Uint8Array::new(&buffer);
                    let mut chunk = std::mem::take(&mut self.chunk);
                    chunk.resize(view.length() as usize, 0);
                    view.copy_to(&mut chunk);
                    let fed = if chunk.is_empty() {
                        // the file is shorter than it said: stop asking for these bytes
                        self.live()?
                            .read_failed(&format!("the file ends before byte {}", want.offset));
                        Ok(0)
                    } else {
                        self.feed_at(want.offset, &chunk)
                    };
                    self.chunk = chunk;
                    fed?;
                }
                Err(e) => self.live()?.read_failed(&js_error_text(&e)),
            }
            if performance_now() - started >= budget_ms {
                return Ok(self.live()?.want().is_none());
            }
        }
    }

    /// Where the inspection is: `{bytes_done, bytes_total, layer, layers, layer_bytes_done,
    /// layer_bytes_total, layer_uncompressed_done}` (stored bytes of the layers).
    pub fn progress(&self) -> Result<JsValue, JsError> {
        to_js(&self.progress)
    }

    /// Stop: the next `feed`/`readFrom` throws `cancelled`.
    pub fn cancel(&mut self) {
        self.cancelled = true;
    }

    /// The report, `{version, images}`, of what was read (call once `want()` is `null`; earlier,
    /// it holds the images finished so far).
    pub fn finish(&mut self) -> Result<JsValue, JsError> {
        let inner = self
            .inner
            .take()
            .ok_or_else(|| JsError::new("the inspection is already finished"))?;
        to_js(&InspectReport::new(inner.finish()))
    }
}

impl Inspection {
    fn live(&mut self) -> Result<&mut Inspector<'static>, JsError> {
        self.inner
            .as_mut()
            .ok_or_else(|| JsError::new("the inspection is already finished"))
    }

    fn feed_at(&mut self, offset: u64, bytes: &[u8]) -> Result<usize, JsError> {
        if self.cancelled {
            return Err(JsError::new("cancelled"));
        }
        let last = &mut self.progress;
        let inner = self
            .inner
            .as_mut()
            .ok_or_else(|| JsError::new("the inspection is already finished"))?;
        inner
            .feed(offset, bytes, &mut |info: &ProgressInfo| {
                *last = *info;
                true // a cancel arrives between feeds (checked above), never during one
            })
            .map_err(|_| JsError::new("cancelled"))
    }
}

/// Redo the start-up estimate and advice of one image report (as `finish()` gave it) for other
/// advice options, e.g. `{bandwidth_mbit_s: 100}`; returns the updated image report.
#[wasm_bindgen]
pub fn advise(image: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let mut image: ImageReport = serde_wasm_bindgen::from_value(image)
        .map_err(|e| JsError::new(&format!("invalid image report: {e}")))?;
    let opts: AdviceOptions = from_js_or_default(options, "advice options")?;
    let (startup, advice) = crate::advice::advise(&image, &opts);
    image.startup = startup;
    image.advice = advice;
    to_js(&image)
}

/// Complete an image report from a structural inspection with the measurements of a
/// measure-only one of the same input (another worker's), then redo totals and advice with
/// `options` (advice options).
#[wasm_bindgen(js_name = mergeMeasurements)]
pub fn merge_measurements(
    image: JsValue,
    part: JsValue,
    options: JsValue,
) -> Result<JsValue, JsError> {
    let read = |v: JsValue| {
        serde_wasm_bindgen::from_value::<ImageReport>(v)
            .map_err(|e| JsError::new(&format!("invalid image report: {e}")))
    };
    let (mut image, part) = (read(image)?, read(part)?);
    let opts: AdviceOptions = from_js_or_default(options, "advice options")?;
    image::merge_measurements(&mut image, &part, &opts);
    to_js(&image)
}

/// A whole, non-negative byte count from a JS number.
fn byte_count(n: f64, what: &str) -> Result<u64, JsError> {
    if (0.0..=MAX_SAFE).contains(&n) && n.fract() == 0.0 {
        Ok(n as u64)
    } else {
        Err(JsError::new(&format!(
            "{what} must be a whole number of bytes, not {n}"
        )))
    }
}

/// `undefined`/`null` → the default; an object → its fields (missing ones default).
fn from_js_or_default<T: serde::de::DeserializeOwned + Default>(
    value: JsValue,
    what: &str,
) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    // through JSON, like the lint config: a `Map` or a class instance cannot pass for options
    let json = js_sys::JSON::stringify(&value)
        .map_err(|_| JsError::new(&format!("invalid {what}: not JSON-serializable")))?;
    serde_json::from_str(&String::from(json))
        .map_err(|e| JsError::new(&format!("invalid {what}: {e}")))
}

fn js_error_text(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the file could not be read".to_string())
}

/// Serialize as plain JS objects (maps as objects, not `Map`), like `JSON.parse` would give.
/// The lint module's `to_js` goes through JSON text instead, to keep one serializer in the
/// smaller module.
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}
