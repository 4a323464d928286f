//! The measurement engine: how big a layer gets and how long it takes to compress and to
//! decompress, with gzip and zstd, on this machine, in this runtime.
//!
//! A [`Pipeline`] is one encoder whose output is written straight into its own decoder, chunk
//! by chunk: nothing the size of a layer is ever held. Encoder and decoder calls are timed
//! separately with the injected [`Clock`], so the numbers mean the same natively and in wasm.
//! Backends: gzip is flate2 over zlib-rs (pure Rust; faster than miniz_oxide — see the bench),
//! zstd is the C libzstd through the `zstd` crate (built with clang for wasm32).

use crate::host::Clock;
use serde::{Deserialize, Serialize};
use std::io::{self, Write};

/// The codecs measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Codec {
    Gzip,
    Zstd,
}

impl Codec {
    pub fn as_str(self) -> &'static str {
        match self {
            Codec::Gzip => "gzip",
            Codec::Zstd => "zstd",
        }
    }

    /// The level the per-layer measurement uses: what `gzip` and `zstd` default to, and what
    /// registries and BuildKit write.
    pub fn default_level(self) -> i32 {
        match self {
            Codec::Gzip => 6,
            Codec::Zstd => 3,
        }
    }

    /// Levels of the optional sweep chart.
    pub fn sweep_levels(self) -> &'static [i32] {
        match self {
            Codec::Gzip => &[1, 6, 9],
            Codec::Zstd => &[1, 3, 9, 19],
        }
    }
}

/// The bundled libzstd's version, e.g. `1.5.7` (sizes differ a little between versions).
pub fn zstd_version() -> String {
    zstd::zstd_safe::version_string().to_string()
}

/// One codec at one level over one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    pub codec: Codec,
    pub level: i32,
    /// Uncompressed bytes that went in.
    pub input_bytes: u64,
    /// Compressed size.
    pub size: u64,
    pub encode_ms: f64,
    pub decode_ms: f64,
    /// `input_bytes` per second of encoding, in MB/s (10^6 bytes).
    pub encode_mb_s: f64,
    /// `input_bytes` per second of decoding, in MB/s (10^6 bytes).
    pub decode_mb_s: f64,
}

/// Throughput in MB/s (10^6 bytes); 0 when no time was measured.
pub fn mb_per_s(bytes: u64, ms: f64) -> f64 {
    if ms > 0.0 {
        bytes as f64 / 1e3 / ms
    } else {
        0.0
    }
}

/// A codec failure. Our own pipelines never produce one unless a codec is broken; a corrupt
/// *original* stream is reported by the layer reader instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodecError(pub String);

impl std::fmt::Display for CodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CodecError {}

fn err(codec: Codec, what: &str, e: io::Error) -> CodecError {
    CodecError(format!("{} {what}: {e}", codec.as_str()))
}

/// Counts bytes and drops them: where decoded output goes.
#[derive(Debug, Default)]
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

enum Enc {
    Gzip(flate2::write::GzEncoder<Vec<u8>>),
    Zstd(zstd::stream::write::Encoder<'static, Vec<u8>>),
}

enum Dec {
    Gzip(Box<flate2::write::GzDecoder<Counter>>),
    Zstd(zstd::stream::write::Decoder<'static, Counter>),
}

impl Dec {
    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        match self {
            Dec::Gzip(d) => d.write_all(data),
            Dec::Zstd(d) => d.write_all(data),
        }
    }

    /// Flush, check the stream ended cleanly (gzip CRC and length, zstd frame end and
    /// checksum) and return how many bytes came out.
    fn finish(self) -> io::Result<u64> {
        match self {
            Dec::Gzip(d) => d.finish().map(|c| c.0),
            Dec::Zstd(d) => d.finish().map(|c| c.0),
        }
    }
}

/// An encoder feeding its decoder. Feed it the uncompressed stream with [`Pipeline::write`],
/// then call [`Pipeline::finish`].
pub struct Pipeline {
    codec: Codec,
    level: i32,
    enc: Enc,
    dec: Dec,
    input: u64,
    size: u64,
    encode_ms: f64,
    decode_ms: f64,
}

impl Pipeline {
    /// The input length is never pledged (compressed layers do not tell it in advance), so
    /// zstd frames carry no content size: as `zstd -3 < file` writes them.
    pub fn new(codec: Codec, level: i32) -> Result<Pipeline, CodecError> {
        let (enc, dec) = match codec {
            Codec::Gzip => {
                let level = flate2::Compression::new(level.clamp(0, 9) as u32);
                (
                    Enc::Gzip(flate2::write::GzEncoder::new(Vec::new(), level)),
                    Dec::Gzip(Box::new(flate2::write::GzDecoder::new(Counter::default()))),
                )
            }
            Codec::Zstd => {
                let mut e = zstd::stream::write::Encoder::new(Vec::new(), level)
                    .map_err(|e| err(codec, "encoder", e))?;
                // the zstd CLI writes a checksum by default; so do we, and the decoder checks it
                e.include_checksum(true)
                    .map_err(|e| err(codec, "encoder", e))?;
                let d = zstd::stream::write::Decoder::new(Counter::default())
                    .map_err(|e| err(codec, "decoder", e))?;
                (Enc::Zstd(e), Dec::Zstd(d))
            }
        };
        Ok(Pipeline {
            codec,
            level,
            enc,
            dec,
            input: 0,
            size: 0,
            encode_ms: 0.0,
            decode_ms: 0.0,
        })
    }

    pub fn codec(&self) -> Codec {
        self.codec
    }

    pub fn level(&self) -> i32 {
        self.level
    }

    /// Compress `chunk`, then decompress whatever compressed bytes that produced.
    pub fn write(&mut self, chunk: &[u8], clock: &dyn Clock) -> Result<(), CodecError> {
        let t0 = clock.now_ms();
        let out = match &mut self.enc {
            Enc::Gzip(e) => e.write_all(chunk).map(|_| e.get_mut()),
            Enc::Zstd(e) => e.write_all(chunk).map(|_| e.get_mut()),
        }
        .map_err(|e| err(self.codec, "encoder", e))?;
        let t1 = clock.now_ms();
        self.encode_ms += t1 - t0;
        self.input += chunk.len() as u64;
        if !out.is_empty() {
            self.size += out.len() as u64;
            self.dec
                .write_all(out)
                .map_err(|e| err(self.codec, "decoder", e))?;
            out.clear();
            self.decode_ms += clock.now_ms() - t1;
        }
        Ok(())
    }

    /// End the stream: flush the encoder into the decoder, check the round trip, and report.
    pub fn finish(self, clock: &dyn Clock) -> Result<Measurement, CodecError> {
        let Pipeline {
            codec,
            level,
            enc,
            mut dec,
            input,
            mut size,
            mut encode_ms,
            mut decode_ms,
        } = self;
        let t0 = clock.now_ms();
        let tail = match enc {
            Enc::Gzip(e) => e.finish(),
            Enc::Zstd(e) => e.finish(),
        }
        .map_err(|e| err(codec, "encoder", e))?;
        let t1 = clock.now_ms();
        encode_ms += t1 - t0;
        size += tail.len() as u64;
        dec.write_all(&tail).map_err(|e| err(codec, "decoder", e))?;
        let decoded = dec.finish().map_err(|e| err(codec, "decoder", e))?;
        decode_ms += clock.now_ms() - t1;
        if decoded != input {
            return Err(CodecError(format!(
                "{} round trip gave {decoded} bytes for {input}",
                codec.as_str()
            )));
        }
        Ok(Measurement {
            codec,
            level,
            input_bytes: input,
            size,
            encode_ms,
            decode_ms,
            encode_mb_s: mb_per_s(input, encode_ms),
            decode_mb_s: mb_per_s(input, decode_ms),
        })
    }
}

/// Several pipelines fed the same stream (the per-layer pair, or a level sweep).
pub struct PipelineSet {
    pipes: Vec<Pipeline>,
}

impl PipelineSet {
    pub fn new(specs: &[(Codec, i32)]) -> Result<Self, CodecError> {
        let pipes = specs
            .iter()
            .map(|&(c, l)| Pipeline::new(c, l))
            .collect::<Result<_, _>>()?;
        Ok(PipelineSet { pipes })
    }

    pub fn write(&mut self, chunk: &[u8], clock: &dyn Clock) -> Result<(), CodecError> {
        self.pipes
            .iter_mut()
            .try_for_each(|p| p.write(chunk, clock))
    }

    pub fn finish(self, clock: &dyn Clock) -> Result<Vec<Measurement>, CodecError> {
        self.pipes.into_iter().map(|p| p.finish(clock)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::NoClock;
    use std::io::Read;

    fn sample(n: usize) -> Vec<u8> {
        // compressible but not trivial: text-like with a varying counter
        let mut v = Vec::with_capacity(n);
        let mut i = 0u64;
        while v.len() < n {
            v.extend_from_slice(format!("line {i} of a layer, value {}\n", i * i % 977).as_bytes());
            i += 1;
        }
        v.truncate(n);
        v
    }

    fn run(codec: Codec, level: i32, data: &[u8], chunk: usize) -> Measurement {
        let mut p = Pipeline::new(codec, level).unwrap();
        for c in data.chunks(chunk) {
            p.write(c, &NoClock).unwrap();
        }
        p.finish(&NoClock).unwrap()
    }

    #[test]
    fn gzip_size_equals_a_one_shot_encoder_and_round_trips() {
        let data = sample(3 << 20);
        let m = run(Codec::Gzip, 6, &data, 100_000);
        let mut one = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
        one.write_all(&data).unwrap();
        let one = one.finish().unwrap();
        // deflate may cut blocks differently when fed in pieces: a few bytes, no more
        assert!(
            m.size.abs_diff(one.len() as u64) <= 64,
            "{} vs {}",
            m.size,
            one.len()
        );
        assert_eq!(m.input_bytes, data.len() as u64);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&one[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, data);
    }

    #[test]
    fn zstd_size_equals_a_one_shot_encoder() {
        let data = sample(3 << 20);
        let m = run(Codec::Zstd, 3, &data, 65_536);
        let mut one = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
        one.include_checksum(true).unwrap();
        one.write_all(&data).unwrap();
        let one = one.finish().unwrap();
        assert_eq!(m.size, one.len() as u64);
    }

    #[test]
    fn levels_order_sizes_and_empty_input_works() {
        let data = sample(1 << 20);
        let fast = run(Codec::Zstd, 1, &data, 1 << 16);
        let strong = run(Codec::Zstd, 19, &data, 1 << 16);
        assert!(strong.size < fast.size);
        let empty = run(Codec::Gzip, 6, &[], 1);
        assert_eq!(empty.input_bytes, 0);
        assert_eq!(empty.size, 20); // gzip header + empty deflate block + trailer
        let set = PipelineSet::new(&[(Codec::Gzip, 1), (Codec::Zstd, 3)]).unwrap();
        let out = set.finish(&NoClock).unwrap();
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn throughput_is_zero_without_a_clock() {
        assert_eq!(mb_per_s(1_000_000, 0.0), 0.0);
        assert_eq!(mb_per_s(2_000_000, 1000.0), 2.0);
    }
}
