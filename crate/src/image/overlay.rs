//! Wasted space across layers, counted the way overlay filesystems stack layers.
//!
//! Layers are applied in order, entry by entry, to a map of the visible tree. A byte is wasted
//! when it was shipped in a layer and is invisible in the final image: its file was overwritten
//! by a later entry at the same path, deleted by a whiteout (`.wh.name`, whole subtrees
//! included), or masked by an opaque directory (`.wh..wh..opq`). Each superseded copy counts
//! once; the surviving copy never counts (dive counts it too: its issue #684).
//!
//! Whiteouts and opaque markers act on *lower* layers only, whatever their position in the tar
//! (OCI image-spec: "files that are present in the same layer as a whiteout file can only be
//! hidden by whiteout files in subsequent layers"). An entry that repeats a path within the same
//! layer replaces it (tar extraction overwrites), so the earlier copy is waste too.
//!
//! Hard links share their data: a file's bytes are wasted only when the *last* visible name of
//! its data goes. (layerstats.py counts a deleted name as waste even if a hard link to the same
//! data survives; see the fixture test for where that matters.)

use super::path::Whiteout;
use super::tar::EntryKind;
use super::top::TopN;
use std::collections::BTreeMap;

/// How a wasted copy was hidden.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Hidden {
    /// A later entry at the same path (or over a directory holding it).
    Overwritten,
    /// A whiteout of the file or of a directory above it.
    Deleted,
    /// An opaque-directory marker above it.
    Opaque,
}

/// One copy of a file that was shipped and then hidden.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct WastedCopy {
    pub bytes: u64,
    pub path: String,
    /// Layer (1-based) that shipped the bytes.
    pub layer: u32,
    /// Layer (1-based) that hid them.
    pub hidden_by: u32,
    pub how: Hidden,
}

/// Per-layer totals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LayerWaste {
    /// Bytes this layer ships that a later layer (or a later entry of its own) hides.
    pub wasted_bytes: u64,
    /// Bytes of lower layers this layer hides by writing over them.
    pub hides_overwritten: u64,
    /// Bytes of lower layers this layer hides with whiteouts and opaque directories.
    pub hides_deleted: u64,
}

#[derive(Debug, Clone, Copy)]
struct Node {
    layer: u32,
    dir: bool,
    /// Index into `inodes` for regular files and hard links to them.
    inode: Option<u32>,
}

#[derive(Debug, Clone, Copy)]
struct Inode {
    layer: u32,
    bytes: u64,
    /// Visible names of this data.
    links: u32,
}

/// The visible tree and the waste found so far.
pub struct Overlay {
    nodes: BTreeMap<String, Node>,
    inodes: Vec<Inode>,
    layer: u32,
    layers: Vec<LayerWaste>,
    wasted: TopN<WastedCopy>,
    wasted_total: u64,
    max_paths: usize,
    overflowed: bool,
}

/// The result once every layer is applied.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Index 0 is layer 1.
    pub layers: Vec<LayerWaste>,
    /// The largest wasted copies, largest first.
    pub wasted_files: Vec<WastedCopy>,
    pub wasted_bytes: u64,
    /// Bytes of regular-file data visible in the final image.
    pub visible_bytes: u64,
    /// Paths visible in the final image (the root included).
    pub visible_paths: u64,
    /// False when the path limit was reached and counting stopped.
    pub complete: bool,
}

impl Overlay {
    /// `max_paths` bounds memory (about 100 bytes a path); past it counting stops and the
    /// summary says it is incomplete. `keep_wasted` is how many wasted copies to list.
    pub fn new(max_paths: usize, keep_wasted: usize) -> Self {
        Overlay {
            nodes: BTreeMap::new(),
            inodes: Vec::new(),
            layer: 0,
            layers: Vec::new(),
            wasted: TopN::new(keep_wasted),
            wasted_total: 0,
            max_paths,
            overflowed: false,
        }
    }

    /// Start the next layer; returns its 1-based index.
    pub fn begin_layer(&mut self) -> u32 {
        self.layer += 1;
        self.layers.push(LayerWaste::default());
        self.layer
    }

    /// Apply one entry of the current layer. `path` and `link` are normalized
    /// ([`super::path::normalize`]).
    pub fn apply(&mut self, path: &str, kind: EntryKind, data_bytes: u64, link: Option<&str>) {
        if self.overflowed || self.layer == 0 {
            return;
        }
        match super::path::whiteout(path) {
            Whiteout::Reserved => {}
            Whiteout::Opaque { dir } => {
                let victims = self.lower_subtree(dir);
                self.hide_all(victims, Hidden::Opaque);
            }
            Whiteout::Delete { target } => {
                let mut victims = self.lower_subtree(&target);
                if self
                    .nodes
                    .get(&target)
                    .is_some_and(|n| n.layer < self.layer)
                {
                    victims.push(target);
                }
                self.hide_all(victims, Hidden::Deleted);
            }
            Whiteout::No => self.put(path, kind, data_bytes, link),
        }
    }

    fn put(&mut self, path: &str, kind: EntryKind, data_bytes: u64, link: Option<&str>) {
        let dir = kind == EntryKind::Dir;
        if let Some(old) = self.nodes.get_mut(path) {
            if old.dir && dir {
                old.layer = self.layer; // directories merge
                return;
            }
            let old = *old;
            self.nodes.remove(path);
            self.unlink(path, old, Hidden::Overwritten);
            if old.dir {
                // a directory replaced by a non-directory takes its whole subtree with it
                let victims: Vec<String> = self.subtree(path).collect();
                self.hide_all(victims, Hidden::Overwritten);
            }
        }
        let inode = match kind {
            EntryKind::File => {
                self.inodes.push(Inode {
                    layer: self.layer,
                    bytes: data_bytes,
                    links: 1,
                });
                Some((self.inodes.len() - 1) as u32)
            }
            EntryKind::HardLink => {
                let target = link.and_then(|l| self.nodes.get(l)).and_then(|n| n.inode);
                if let Some(i) = target {
                    self.inodes[i as usize].links += 1;
                }
                target
            }
            _ => None,
        };
        if self.nodes.len() >= self.max_paths {
            self.overflowed = true;
            return;
        }
        self.nodes.insert(
            path.to_string(),
            Node {
                layer: self.layer,
                dir,
                inode,
            },
        );
    }

    /// Paths strictly below `dir` (`""` = the root).
    fn subtree<'a>(&'a self, dir: &str) -> impl Iterator<Item = String> + 'a {
        let range = if dir.is_empty() {
            self.nodes
                .range::<str, _>((std::ops::Bound::Excluded(""), std::ops::Bound::Unbounded))
        } else {
            // every key starting with "dir/" sorts between "dir/" and "dir0" ('0' follows '/')
            let (lo, hi) = (format!("{dir}/"), format!("{dir}0"));
            self.nodes.range::<str, _>((
                std::ops::Bound::Included(lo.as_str()),
                std::ops::Bound::Excluded(hi.as_str()),
            ))
        };
        range.map(|(k, _)| k.clone())
    }

    /// Paths below `dir` that lower layers put there.
    fn lower_subtree(&self, dir: &str) -> Vec<String> {
        let layer = self.layer;
        self.subtree(dir)
            .filter(|k| self.nodes[k].layer < layer)
            .collect()
    }

    fn hide_all(&mut self, victims: Vec<String>, how: Hidden) {
        for path in victims {
            if let Some(node) = self.nodes.remove(&path) {
                self.unlink(&path, node, how);
            }
        }
    }

    /// `path` (holding `node`) is no longer visible: if it was the last name of its data, the
    /// data is wasted.
    fn unlink(&mut self, path: &str, node: Node, how: Hidden) {
        let Some(i) = node.inode else { return };
        let inode = &mut self.inodes[i as usize];
        inode.links -= 1;
        if inode.links > 0 || inode.bytes == 0 {
            return;
        }
        let (bytes, shipped_in) = (inode.bytes, inode.layer);
        self.layers[shipped_in as usize - 1].wasted_bytes += bytes;
        let by = &mut self.layers[self.layer as usize - 1];
        match how {
            Hidden::Overwritten => by.hides_overwritten += bytes,
            Hidden::Deleted | Hidden::Opaque => by.hides_deleted += bytes,
        }
        self.wasted_total += bytes;
        let copy = WastedCopy {
            bytes,
            path: String::new(),
            layer: shipped_in,
            hidden_by: self.layer,
            how,
        };
        if self.wasted.would_keep(&copy) {
            self.wasted.push(WastedCopy {
                path: path.to_string(),
                ..copy
            });
        }
    }

    pub fn finish(self) -> Summary {
        let visible_bytes = self
            .inodes
            .iter()
            .filter(|i| i.links > 0)
            .map(|i| i.bytes)
            .sum();
        Summary {
            layers: self.layers,
            wasted_files: self.wasted.into_sorted(),
            wasted_bytes: self.wasted_total,
            visible_bytes,
            visible_paths: self.nodes.len() as u64,
            complete: !self.overflowed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntryKind::*;

    /// Apply layers written as `(path, kind, bytes, link)` lists.
    type Entry<'a> = (&'a str, EntryKind, u64, Option<&'a str>);

    fn run(layers: &[&[Entry]]) -> Summary {
        let mut o = Overlay::new(1 << 20, 100);
        for layer in layers {
            o.begin_layer();
            for (p, k, b, l) in layer.iter() {
                o.apply(p, *k, *b, *l);
            }
        }
        o.finish()
    }

    fn per_layer(s: &Summary) -> Vec<(u64, u64, u64)> {
        s.layers
            .iter()
            .map(|l| (l.wasted_bytes, l.hides_overwritten, l.hides_deleted))
            .collect()
    }

    #[test]
    fn overwrite_counts_each_superseded_copy_once_and_never_the_survivor() {
        let s = run(&[
            &[("etc", Dir, 0, None), ("etc/app.conf", File, 100, None)],
            &[("etc/app.conf", File, 200, None)],
            &[("etc/app.conf", File, 300, None)],
        ]);
        assert_eq!(s.wasted_bytes, 300);
        assert_eq!(per_layer(&s), vec![(100, 0, 0), (200, 100, 0), (0, 200, 0)]);
        assert_eq!(s.visible_bytes, 300);
        assert_eq!(s.wasted_files[0].path, "etc/app.conf");
        assert_eq!(
            (s.wasted_files[0].layer, s.wasted_files[0].hidden_by),
            (2, 3)
        );
    }

    #[test]
    fn whiteout_of_a_directory_deletes_the_whole_subtree() {
        let s = run(&[
            &[
                ("var/cache/apt", Dir, 0, None),
                ("var/cache/apt/a.deb", File, 1000, None),
                ("var/cache/apt/sub/b.deb", File, 500, None),
            ],
            &[("var/cache/.wh.apt", File, 0, None)],
        ]);
        assert_eq!(s.wasted_bytes, 1500);
        assert_eq!(per_layer(&s), vec![(1500, 0, 0), (0, 0, 1500)]);
        assert!(s.wasted_files.iter().all(|w| w.how == Hidden::Deleted));
        assert_eq!(s.visible_paths, 0);
    }

    #[test]
    fn whiteout_does_not_touch_siblings_with_a_common_prefix() {
        let s = run(&[
            &[
                ("a/b", File, 10, None),
                ("a/bc", File, 20, None),
                ("a/b/c", File, 40, None),
            ],
            &[("a/.wh.b", File, 0, None)],
        ]);
        assert_eq!(s.wasted_bytes, 50);
        assert_eq!(s.visible_bytes, 20);
    }

    #[test]
    fn opaque_directory_masks_lower_content_but_keeps_its_own_layer() {
        // the marker comes *after* the layer's own file: order in the tar does not matter
        let s = run(&[
            &[
                ("usr/share/doc", Dir, 0, None),
                ("usr/share/doc/a/README", File, 70, None),
                ("usr/share/doc-base", File, 5, None),
            ],
            &[
                ("usr/share/doc", Dir, 0, None),
                ("usr/share/doc/NEW", File, 3, None),
                ("usr/share/doc/.wh..wh..opq", File, 0, None),
            ],
        ]);
        assert_eq!(s.wasted_bytes, 70);
        assert_eq!(per_layer(&s), vec![(70, 0, 0), (0, 0, 70)]);
        assert_eq!(s.wasted_files[0].how, Hidden::Opaque);
        assert_eq!(s.visible_bytes, 8);
    }

    #[test]
    fn whiteout_in_the_same_layer_does_not_hide_that_layers_file() {
        let s = run(&[
            &[("f", File, 10, None)],
            &[("f", File, 20, None), (".wh.f", File, 0, None)],
        ]);
        // the lower copy goes (overwritten), the upper one stays
        assert_eq!(s.wasted_bytes, 10);
        assert_eq!(s.visible_bytes, 20);
    }

    #[test]
    fn deleting_then_recreating_a_directory_in_one_layer() {
        let s = run(&[
            &[
                ("opt/app", Dir, 0, None),
                ("opt/app/old.bin", File, 900, None),
            ],
            &[
                (".wh.opt", File, 0, None),
                ("opt/app/new.bin", File, 100, None),
            ],
        ]);
        assert_eq!(s.wasted_bytes, 900);
        assert_eq!(s.visible_bytes, 100);
    }

    #[test]
    fn a_file_replaced_by_a_directory_and_a_directory_by_a_file() {
        let s = run(&[
            &[
                ("x", File, 11, None),
                ("y", Dir, 0, None),
                ("y/z", File, 13, None),
            ],
            &[("x", Dir, 0, None), ("y", Symlink, 0, Some("x"))],
        ]);
        assert_eq!(s.wasted_bytes, 24);
        assert_eq!(per_layer(&s), vec![(24, 0, 0), (0, 24, 0)]);
    }

    #[test]
    fn hard_links_keep_data_alive_until_the_last_name_goes() {
        let s = run(&[
            &[
                ("bin/busybox", File, 1000, None),
                ("bin/sh", HardLink, 0, Some("bin/busybox")),
            ],
            &[("bin/.wh.busybox", File, 0, None)],
        ]);
        assert_eq!(s.wasted_bytes, 0, "bin/sh still shows the data");
        assert_eq!(s.visible_bytes, 1000);
        let s = run(&[
            &[
                ("bin/busybox", File, 1000, None),
                ("bin/sh", HardLink, 0, Some("bin/busybox")),
            ],
            &[("bin/.wh.busybox", File, 0, None)],
            &[("bin/sh", File, 10, None)],
        ]);
        assert_eq!(s.wasted_bytes, 1000);
        assert_eq!(per_layer(&s), vec![(1000, 0, 0), (0, 0, 0), (0, 1000, 0)]);
    }

    #[test]
    fn duplicate_path_in_one_layer_wastes_the_first_copy() {
        let s = run(&[&[("f", File, 5, None), ("f", File, 7, None)]]);
        assert_eq!(s.wasted_bytes, 5);
        assert_eq!(s.visible_bytes, 7);
    }

    #[test]
    fn opaque_at_the_root_and_reserved_names() {
        let s = run(&[
            &[
                ("", Dir, 0, None),
                ("a", File, 1, None),
                ("b/c", File, 2, None),
            ],
            &[
                (".wh..wh..opq", File, 0, None),
                (".wh..wh.plnk", File, 0, None),
            ],
        ]);
        assert_eq!(s.wasted_bytes, 3);
        assert_eq!(s.visible_paths, 1); // the root
    }

    #[test]
    fn path_limit_stops_counting_and_says_so() {
        let mut o = Overlay::new(3, 10);
        o.begin_layer();
        for i in 0..10 {
            o.apply(&format!("f{i}"), File, 1, None);
        }
        let s = o.finish();
        assert!(!s.complete);
        assert_eq!(s.visible_paths, 3);
    }
}
