//! One font program per face for a file made of many PDFs.
//!
//! Typst embeds in each PDF it exports a subset of every face it uses,
//! numbered in the order the glyphs first appear: two slices of one
//! document, or two booklets, hold two programs of the same face whose
//! glyph numbers differ. A file that puts them together would embed the
//! face once per PDF. [`Fonts`] keeps one program per face instead, the
//! union of the glyphs of every subset of it seen: each font keeps its
//! codes, its widths and its `ToUnicode` map (its text is drawn and
//! extracted as before), and finds its glyphs in the face's one program
//! through a `CIDToGIDMap` stream.
//!
//! Only TrueType programs of CID fonts (`CIDFontType2`, identity-mapped)
//! are shared; two subsets are one face when all that is not glyphs (the
//! name, the hinting programs, the metrics' header) is the same, and two
//! glyphs are one when their outlines and metrics are. Any other font, or a
//! program this module cannot read, is left as it is. The programs written
//! leave out the `name` table, which PDF readers do not use (they take the
//! font's name from its dictionary).
//!
//! A booklet's body and front share their faces in the same way, through
//! [`Frozen`]: the body's glyphs keep their numbers, the front's are
//! appended, so that the body's pages, written once for every booklet,
//! draw on each booklet's program unchanged. The body's glyphs come first
//! in the program's `glyf` table, compressed once: a booklet compresses
//! only the rest of its program.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::writer::{Flush, deflate, deflate_part};

/// The tables of a face that are the same in every subset of it (`post`
/// is too but for its glyph names, which the union leaves out).
const SHARED_TABLES: [&[u8; 4]; 4] = [b"cvt ", b"fpgm", b"prep", b"name"];

/// The faces met so far, each with the union of its glyphs.
#[derive(Default)]
pub(crate) struct Fonts {
    faces: Vec<Face>,
    /// The faces by what identifies them.
    by_key: HashMap<Vec<u8>, usize>,
}

/// A face: what every subset of it shares, and the glyphs seen.
#[derive(Clone)]
struct Face {
    /// The number of its program in the file.
    id: u32,
    /// The tables copied from the first subset (`head`, `hhea`, `maxp`
    /// are rewritten for the union).
    tables: Vec<([u8; 4], Vec<u8>)>,
    head: Vec<u8>,
    hhea: Vec<u8>,
    maxp: Vec<u8>,
    /// `post` without glyph names (format 3).
    post: Vec<u8>,
    /// The first glyphs, shared by the copies of the face.
    base: Arc<Base>,
    /// The glyphs after the base's: outline (components numbered in the
    /// union) and metrics, and their numbers.
    glyphs: Vec<Glyph>,
    index: HashMap<Glyph, u16>,
}

/// The first glyphs of a face, which its copies share (a booklet's body's,
/// which every booklet's face starts with).
#[derive(Default)]
struct Base {
    glyphs: Vec<Glyph>,
    index: HashMap<Glyph, u16>,
    /// Their data in the `glyf` table, which starts with it, compressed on
    /// its own on first use (see [`Face::stream`]).
    glyf: OnceLock<Vec<u8>>,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct Glyph {
    data: Vec<u8>,
    advance: u16,
    lsb: i16,
}

/// A TrueType program read: its tables by tag.
struct Program<'a> {
    tables: Vec<([u8; 4], &'a [u8])>,
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

impl<'a> Program<'a> {
    fn read(data: &'a [u8]) -> Option<Self> {
        if u32_at(data, 0)? != 0x0001_0000 {
            return None;
        }
        let count = u16_at(data, 4)? as usize;
        let mut tables = Vec::with_capacity(count);
        for i in 0..count {
            let record = 12 + 16 * i;
            let tag: [u8; 4] = data.get(record..record + 4)?.try_into().ok()?;
            let offset = u32_at(data, record + 8)? as usize;
            let len = u32_at(data, record + 12)? as usize;
            tables.push((tag, data.get(offset..offset.checked_add(len)?)?));
        }
        Some(Self { tables })
    }

    fn table(&self, tag: &[u8; 4]) -> Option<&'a [u8]> {
        self.tables.iter().find(|(t, _)| t == tag).map(|(_, d)| *d)
    }

    /// Every glyph's outline and metrics, in the subset's numbering.
    fn glyphs(&self) -> Option<Vec<Glyph>> {
        let head = self.table(b"head")?;
        let maxp = self.table(b"maxp")?;
        let hhea = self.table(b"hhea")?;
        let hmtx = self.table(b"hmtx")?;
        let loca = self.table(b"loca")?;
        let glyf = self.table(b"glyf")?;
        let long = u16_at(head, 50)? != 0;
        let count = u16_at(maxp, 4)? as usize;
        let metrics = (u16_at(hhea, 34)? as usize).max(1);
        let mut glyphs = Vec::with_capacity(count);
        let mut advance = 0;
        for gid in 0..count {
            let (from, to) = if long {
                (
                    u32_at(loca, 4 * gid)? as usize,
                    u32_at(loca, 4 * gid + 4)? as usize,
                )
            } else {
                (
                    2 * u16_at(loca, 2 * gid)? as usize,
                    2 * u16_at(loca, 2 * gid + 2)? as usize,
                )
            };
            let lsb = if gid < metrics {
                advance = u16_at(hmtx, 4 * gid)?;
                u16_at(hmtx, 4 * gid + 2)? as i16
            } else {
                u16_at(hmtx, 4 * metrics + 2 * (gid - metrics)).unwrap_or(0) as i16
            };
            glyphs.push(Glyph {
                data: glyf.get(from..to)?.to_vec(),
                advance,
                lsb,
            });
        }
        Some(glyphs)
    }

    /// What tells this face from others: the font's name, the tables its
    /// subsets share, and the headers but for what subsetting changes.
    fn key(&self, name: &[u8]) -> Option<Vec<u8>> {
        let mut key = name.to_vec();
        for tag in SHARED_TABLES {
            let table = self.table(tag).unwrap_or_default();
            key.extend_from_slice(&(table.len() as u32).to_be_bytes());
            key.extend_from_slice(table);
        }
        let mut head = self.table(b"head")?.get(..54)?.to_vec();
        head[8..12].fill(0); // checksum adjustment
        head[36..44].fill(0); // bounding box
        head[50..52].fill(0); // index to loca format
        let mut hhea = self.table(b"hhea")?.get(..36)?.to_vec();
        hhea[10..18].fill(0); // extremes of the glyphs
        hhea[34..36].fill(0); // number of metrics
        key.extend_from_slice(&head);
        key.extend_from_slice(&hhea);
        key.extend_from_slice(self.table(b"post")?.get(4..32)?);
        key.extend_from_slice(self.table(b"maxp")?.get(..4)?);
        Some(key)
    }
}

/// The component glyph numbers of a composite glyph, by their place in its
/// data; empty for a simple glyph.
fn components(data: &[u8]) -> Option<Vec<usize>> {
    if data.len() < 10 || (u16_at(data, 0)? as i16) >= 0 {
        return Some(Vec::new());
    }
    let mut places = Vec::new();
    let mut at = 10;
    for _ in 0..256 {
        let flags = u16_at(data, at)?;
        places.push(at + 2);
        u16_at(data, at + 2)?;
        at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
        at += match flags {
            f if f & 0x0008 != 0 => 2,
            f if f & 0x0040 != 0 => 4,
            f if f & 0x0080 != 0 => 8,
            _ => 0,
        };
        if flags & 0x0020 == 0 {
            return Some(places);
        }
    }
    None
}

impl Face {
    /// A face with no glyph yet, numbered `id` in the file, whose tables
    /// are those of `program`, one of its subsets.
    fn new(id: u32, program: &Program) -> Option<Self> {
        // The `name` table tells faces apart (see `Program::key`) but is
        // of no use to a PDF reader, which takes the font's name from its
        // dictionary: the union goes without it.
        let tables = SHARED_TABLES
            .iter()
            .filter(|tag| **tag != b"name")
            .filter_map(|tag| Some((**tag, program.table(tag)?.to_vec())))
            .collect();
        let maxp = program.table(b"maxp")?.to_vec();
        let mut post = program.table(b"post")?.get(..32)?.to_vec();
        post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        if maxp.len() < 6 {
            return None;
        }
        Some(Self {
            id,
            tables,
            head: program.table(b"head")?.get(..54)?.to_vec(),
            hhea: program.table(b"hhea")?.get(..36)?.to_vec(),
            maxp,
            post,
            base: Arc::default(),
            glyphs: Vec::new(),
            index: HashMap::new(),
        })
    }

    /// The number of glyphs.
    fn count(&self) -> usize {
        self.base.glyphs.len() + self.glyphs.len()
    }

    /// Every glyph, in their numbering.
    fn all_glyphs(&self) -> impl Iterator<Item = &Glyph> {
        self.base.glyphs.iter().chain(&self.glyphs)
    }

    /// Takes in the glyphs of a subset, `program`: the map of its glyphs to
    /// the union's (two bytes each); the face as it was, and `None`, when
    /// one of them cannot be placed.
    fn take_in(&mut self, glyphs: &[Glyph], program: &Program) -> Option<Vec<u8>> {
        let before = self.clone();
        let mut done = vec![None; glyphs.len()];
        let mut map = Vec::with_capacity(2 * glyphs.len());
        let placed = (0..glyphs.len()).try_for_each(|gid| {
            let new = self.place(glyphs, gid, &mut done, 0)?;
            map.extend_from_slice(&new.to_be_bytes());
            Some(())
        });
        if placed.is_none() || self.widen(program).is_none() {
            *self = before;
            return None;
        }
        Some(map)
    }

    /// Makes every glyph so far the base that copies of the face share.
    fn freeze(&mut self) {
        let mut base = Base {
            glyphs: self.base.glyphs.clone(),
            index: self.base.index.clone(),
            glyf: OnceLock::new(),
        };
        base.glyphs.append(&mut self.glyphs);
        base.index.extend(self.index.drain());
        self.base = Arc::new(base);
    }

    /// The union's program as a PDF stream.
    ///
    /// The program's `glyf` table comes right after its table directory
    /// and starts with the base's glyphs: that part is compressed once, on
    /// its own, for every copy of the face, and the directory and the rest
    /// are compressed around it (the stream's blocks joined, its checksum
    /// that of the whole program).
    fn stream(&self) -> Object {
        let (program, glyf_at, base_len) = self.program();
        let mut dict = Dictionary::new();
        dict.set("Length1", program.len() as i64);
        dict.set("Filter", "FlateDecode");
        let data = if base_len < SPLIT_FROM {
            deflate(&program)
        } else {
            let end = glyf_at + base_len;
            let glyf = self
                .base
                .glyf
                .get_or_init(|| deflate_part(&program[glyf_at..end], Flush::Full));
            let mut data = Vec::with_capacity(glyf.len() + (program.len() - base_len) / 2);
            data.extend_from_slice(&ZLIB_HEADER);
            data.extend(deflate_part(&program[..glyf_at], Flush::Full));
            data.extend_from_slice(glyf);
            data.extend(deflate_part(&program[end..], Flush::Finish));
            data.extend_from_slice(&adler32(&program).to_be_bytes());
            data
        };
        Object::Stream(Stream::new(dict, data))
    }

    /// The union's number of glyph `gid` of a subset, added if new;
    /// `done` holds those of the subset's glyphs already placed.
    fn place(
        &mut self,
        glyphs: &[Glyph],
        gid: usize,
        done: &mut [Option<u16>],
        depth: u8,
    ) -> Option<u16> {
        if let Some(placed) = done.get(gid)? {
            return Some(*placed);
        }
        if depth > 16 {
            return None;
        }
        let mut glyph = glyphs.get(gid)?.clone();
        for place in components(&glyph.data)? {
            let part = u16_at(&glyph.data, place)? as usize;
            let new = self.place(glyphs, part, done, depth + 1)?;
            glyph.data[place..place + 2].copy_from_slice(&new.to_be_bytes());
        }
        let known = self
            .base
            .index
            .get(&glyph)
            .or_else(|| self.index.get(&glyph));
        let new = match known {
            Some(&new) => new,
            None => {
                let new = u16::try_from(self.count()).ok().filter(|&n| n < u16::MAX)?;
                self.index.insert(glyph.clone(), new);
                self.glyphs.push(glyph);
                new
            }
        };
        done[gid] = Some(new);
        Some(new)
    }

    /// Widens the headers' extremes to a subset's.
    fn widen(&mut self, program: &Program) -> Option<()> {
        let head = program.table(b"head")?;
        for (at, max) in [(36, false), (38, false), (40, true), (42, true)] {
            let theirs = u16_at(head, at)? as i16;
            let ours = u16_at(&self.head, at)? as i16;
            let value = if max {
                ours.max(theirs)
            } else {
                ours.min(theirs)
            };
            self.head[at..at + 2].copy_from_slice(&value.to_be_bytes());
        }
        let hhea = program.table(b"hhea")?;
        for (at, max) in [(10, true), (12, false), (14, false), (16, true)] {
            let (theirs, ours) = (u16_at(hhea, at)?, u16_at(&self.hhea, at)?);
            let value = match (at, max) {
                (10, _) => ours.max(theirs),
                (_, true) => (ours as i16).max(theirs as i16) as u16,
                _ => (ours as i16).min(theirs as i16) as u16,
            };
            self.hhea[at..at + 2].copy_from_slice(&value.to_be_bytes());
        }
        let maxp = program.table(b"maxp")?;
        for at in (6..self.maxp.len().min(maxp.len())).step_by(2) {
            let value = u16_at(&self.maxp, at)?.max(u16_at(maxp, at)?);
            self.maxp[at..at + 2].copy_from_slice(&value.to_be_bytes());
        }
        Some(())
    }

    /// The union's program, as a TrueType font; where its `glyf` table
    /// starts, and the length of the base's glyphs' data it starts with.
    fn program(&self) -> (Vec<u8>, usize, usize) {
        let count = self.count() as u16;
        let mut glyf = Vec::new();
        let mut loca = Vec::new();
        let mut hmtx = Vec::new();
        let mut base_len = 0;
        for (n, glyph) in self.all_glyphs().enumerate() {
            if n == self.base.glyphs.len() {
                base_len = glyf.len();
            }
            loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
            glyf.extend_from_slice(&glyph.data);
            // Each glyph's data as read, padding included, on an even offset.
            if glyf.len() % 2 != 0 {
                glyf.push(0);
            }
            hmtx.extend_from_slice(&glyph.advance.to_be_bytes());
            hmtx.extend_from_slice(&glyph.lsb.to_be_bytes());
        }
        if self.glyphs.is_empty() {
            base_len = glyf.len();
        }
        loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
        let mut head = self.head.clone();
        head[8..12].fill(0);
        head[50..52].copy_from_slice(&1u16.to_be_bytes());
        let mut hhea = self.hhea.clone();
        hhea[34..36].copy_from_slice(&count.to_be_bytes());
        let mut maxp = self.maxp.clone();
        maxp[4..6].copy_from_slice(&count.to_be_bytes());
        let mut tables: Vec<([u8; 4], Vec<u8>)> = self.tables.clone();
        tables.extend([
            (*b"glyf", glyf),
            (*b"head", head),
            (*b"hhea", hhea),
            (*b"hmtx", hmtx),
            (*b"loca", loca),
            (*b"maxp", maxp),
            (*b"post", self.post.clone()),
        ]);
        tables.sort_by_key(|(tag, _)| *tag);
        let (program, glyf_at) = write_program(&tables);
        (program, glyf_at, base_len)
    }
}

/// The base's glyphs' data is compressed apart from this length on.
const SPLIT_FROM: usize = 4096;

/// The header of a zlib stream (deflate, a 32 kB window, the usual level).
const ZLIB_HEADER: [u8; 2] = [0x78, 0x9c];

/// The Adler-32 checksum of `data`, which ends a zlib stream.
fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 bytes at most between reductions keep `b` within 32 bits.
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

/// A TrueType font of these tables (sorted by tag), with its checksums;
/// its `glyf` table's data comes first, right after the table directory,
/// whose length is given.
fn write_program(tables: &[([u8; 4], Vec<u8>)]) -> (Vec<u8>, usize) {
    fn checksum(data: &[u8]) -> u32 {
        data.chunks(4).fold(0u32, |sum, chunk| {
            let mut word = [0; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            sum.wrapping_add(u32::from_be_bytes(word))
        })
    }
    let count = tables.len() as u16;
    let selector = 15 - count.max(1).leading_zeros() as u16;
    let range = (1u16 << selector) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for value in [count, range, selector, count * 16 - range] {
        out.extend_from_slice(&value.to_be_bytes());
    }
    let directory = 12 + 16 * tables.len();
    // The data in the file's order: `glyf` first, then the others by tag.
    let order: Vec<&([u8; 4], Vec<u8>)> = tables
        .iter()
        .filter(|(tag, _)| tag == b"glyf")
        .chain(tables.iter().filter(|(tag, _)| tag != b"glyf"))
        .collect();
    let mut offsets = HashMap::new();
    let mut offset = directory;
    for (tag, data) in &order {
        offsets.insert(*tag, offset);
        offset += data.len().div_ceil(4) * 4;
    }
    let mut head_at = None;
    for (tag, data) in tables {
        if tag == b"head" {
            head_at = Some(offsets[tag] + 8);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offsets[tag] as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    }
    for (_, data) in order {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at..at + 4].copy_from_slice(&adjustment.to_be_bytes());
    }
    (out, directory)
}

/// A CID font whose program this module can share: the font dictionary's
/// descendant, its descriptor and its program.
struct Candidate {
    cid_font: ObjectId,
    descriptor: ObjectId,
    program: ObjectId,
    name: Vec<u8>,
}

/// The TrueType program of a candidate, decompressed.
fn program_data(doc: &Document, candidate: &Candidate) -> Option<Vec<u8>> {
    let Ok(Object::Stream(stream)) = doc.get_object(candidate.program) else {
        return None;
    };
    match stream.dict.get(b"Filter") {
        Ok(_) => stream.decompressed_content().ok(),
        Err(_) => Some(stream.content.clone()),
    }
}

/// The shareable CID fonts of a document.
fn candidates(doc: &Document) -> Vec<Candidate> {
    let mut found = Vec::new();
    for (&id, object) in &doc.objects {
        let Object::Dictionary(font) = object else {
            continue;
        };
        let is =
            |key: &[u8], value: &[u8]| font.get(key).and_then(Object::as_name).ok() == Some(value);
        if !is(b"Type", b"Font")
            || !is(b"Subtype", b"CIDFontType2")
            || !is(b"CIDToGIDMap", b"Identity")
        {
            continue;
        }
        let Ok(descriptor) = font.get(b"FontDescriptor").and_then(Object::as_reference) else {
            continue;
        };
        let Ok(described) = doc.get_dictionary(descriptor) else {
            continue;
        };
        let Ok(program) = described.get(b"FontFile2").and_then(Object::as_reference) else {
            continue;
        };
        let name = font
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .unwrap_or_default();
        // A subset's tag (`ABCDEF+`) differs from one subset to the next.
        let name = match name.get(6) {
            Some(b'+') => &name[7..],
            _ => name,
        };
        found.push(Candidate {
            cid_font: id,
            descriptor,
            program,
            name: name.to_vec(),
        });
    }
    found
}

impl Fonts {
    /// Whether object `id` of the file is one of the faces' programs.
    pub(crate) fn is_program(&self, id: u32) -> bool {
        self.faces.iter().any(|face| face.id == id)
    }

    /// Points the shareable CID fonts of `doc` at their faces' programs in
    /// the file, through a `CIDToGIDMap` stream each, and removes their own
    /// programs from `doc`. A face met for the first time gets the number
    /// `new_id` gives; `refer` gives the reference `doc` holds to a face's
    /// program from its number in the file. Gives how many fonts now share
    /// a program.
    pub(crate) fn adopt(
        &mut self,
        doc: &mut Document,
        new_id: &mut dyn FnMut(&mut Document) -> u32,
        refer: &mut dyn FnMut(&mut Document, u32) -> ObjectId,
    ) -> usize {
        let mut adopted = 0;
        for candidate in candidates(doc) {
            let Some((face, map)) = self.add(doc, &candidate, new_id) else {
                continue;
            };
            let program = refer(doc, self.faces[face].id);
            let mut dict = Dictionary::new();
            dict.set("Filter", "FlateDecode");
            let map_id = doc.add_object(Object::Stream(Stream::new(dict, deflate(&map))));
            if let Ok(Object::Dictionary(font)) = doc.get_object_mut(candidate.cid_font) {
                font.set("CIDToGIDMap", Object::Reference(map_id));
            }
            if let Ok(Object::Dictionary(descriptor)) = doc.get_object_mut(candidate.descriptor) {
                descriptor.set("FontFile2", Object::Reference(program));
            }
            doc.objects.remove(&candidate.program);
            adopted += 1;
        }
        adopted
    }

    /// Adds a candidate's glyphs to its face; gives the face and the map of
    /// the candidate's glyphs to the union's (two bytes each).
    fn add(
        &mut self,
        doc: &mut Document,
        candidate: &Candidate,
        new_id: &mut dyn FnMut(&mut Document) -> u32,
    ) -> Option<(usize, Vec<u8>)> {
        let data = program_data(doc, candidate)?;
        let program = Program::read(&data)?;
        let glyphs = program.glyphs()?;
        let key = program.key(&candidate.name)?;
        let face = match self.by_key.get(&key) {
            Some(&face) => face,
            None => {
                self.faces.push(Face::new(new_id(doc), &program)?);
                self.by_key.insert(key, self.faces.len() - 1);
                self.faces.len() - 1
            }
        };
        let face_ref = &mut self.faces[face];
        let mut done = vec![None; glyphs.len()];
        let mut map = Vec::with_capacity(2 * glyphs.len());
        for gid in 0..glyphs.len() {
            map.extend_from_slice(&face_ref.place(&glyphs, gid, &mut done, 0)?.to_be_bytes());
        }
        face_ref.widen(&program)?;
        Some((face, map))
    }

    /// Each face's program, by its number in the file.
    pub(crate) fn programs(&self) -> impl Iterator<Item = (u32, Object)> + '_ {
        self.faces.iter().map(|face| (face.id, face.stream()))
    }
}

/// The faces of one PDF, for each file that puts it together with
/// another PDF to draw on (a booklet's body, for its front): each face's
/// program is written in the file as the union of its glyphs, in their
/// numbering, and of the other PDF's glyphs of that face (appended), or of
/// its own alone when the other PDF adds none; the other PDF's fonts of those
/// faces find their glyphs in it through a `CIDToGIDMap` stream.
pub(crate) struct Frozen {
    faces: Vec<FrozenFace>,
    by_key: HashMap<Vec<u8>, usize>,
}

/// A face of a [`Frozen`] PDF.
struct FrozenFace {
    /// Its program, written once as a union is (without `name`).
    stream: Object,
    /// Its glyphs, in their numbering (`id` is the program's number).
    face: Face,
}

impl Frozen {
    /// The shareable faces of `doc`; a face of which `doc` has two subsets
    /// is left out.
    pub(crate) fn of(doc: &Document) -> Self {
        let mut faces: Vec<FrozenFace> = Vec::new();
        let mut by_key = HashMap::new();
        let mut twice = Vec::new();
        for candidate in candidates(doc) {
            let Some(frozen) = FrozenFace::read(doc, &candidate) else {
                continue;
            };
            let Some(key) = program_data(doc, &candidate)
                .and_then(|data| Program::read(&data)?.key(&candidate.name))
            else {
                continue;
            };
            if by_key.insert(key.clone(), faces.len()).is_some() {
                twice.push(key);
            }
            faces.push(frozen);
        }
        for key in twice {
            by_key.remove(&key);
        }
        Self { faces, by_key }
    }

    /// Adds the glyphs of `doc`'s fonts of these faces to them, after
    /// theirs: every file that [`Frozen::share`]s them then has them, and
    /// one of them in `doc`'s fonts adds nothing. A face that cannot take
    /// a font's glyphs stays as it was.
    pub(crate) fn grow(&mut self, doc: &Document) {
        let mut grown = false;
        let faces = &mut self.faces;
        each_font(doc, &self.by_key, |_, program, glyphs, index| {
            let face = &mut faces[index].face;
            let count = face.count();
            grown |= face.take_in(&glyphs, program).is_some() && face.count() > count;
        });
        if grown {
            for frozen in &mut self.faces {
                frozen.face.freeze();
                frozen.stream = frozen.face.stream();
            }
        }
    }

    /// The numbers of the programs the faces take: the file writes them
    /// as [`Frozen::share`] gives them, not as the PDF has them.
    pub(crate) fn programs(&self) -> impl Iterator<Item = ObjectId> + '_ {
        self.by_key
            .values()
            .map(|&face| (self.faces[face].face.id, 0))
    }

    /// The objects to write, for a file that holds this PDF and `doc`,
    /// instead of their own: the faces' programs, and each font of `doc`
    /// of one of these faces with its map (numbered by `new_id`), its
    /// descriptor pointing at the face's program. `doc` is left as it is;
    /// its own programs of those fonts are no longer referred to.
    pub(crate) fn share(
        &self,
        doc: &Document,
        new_id: &mut dyn FnMut() -> ObjectId,
    ) -> Vec<(ObjectId, Object)> {
        let mut objects = Vec::new();
        let mut grown: HashMap<usize, Face> = HashMap::new();
        each_font(doc, &self.by_key, |candidate, program, glyphs, index| {
            let (Ok(font), Ok(descriptor)) = (
                doc.get_dictionary(candidate.cid_font),
                doc.get_dictionary(candidate.descriptor),
            ) else {
                return;
            };
            let face = grown
                .entry(index)
                .or_insert_with(|| self.faces[index].face.clone());
            // A glyph it could not place: the font on its own program.
            let Some(map) = face.take_in(&glyphs, program) else {
                return;
            };
            let mut dict = Dictionary::new();
            dict.set("Filter", "FlateDecode");
            let map_id = new_id();
            objects.push((map_id, Object::Stream(Stream::new(dict, deflate(&map)))));
            let mut font = font.clone();
            font.set("CIDToGIDMap", Object::Reference(map_id));
            objects.push((candidate.cid_font, Object::Dictionary(font)));
            let mut descriptor = descriptor.clone();
            descriptor.set("FontFile2", Object::Reference((face.id, 0)));
            objects.push((candidate.descriptor, Object::Dictionary(descriptor)));
        });
        for &index in self.by_key.values() {
            let frozen = &self.faces[index];
            let program = match grown.get(&index) {
                Some(face) if face.count() > frozen.face.count() => face.stream(),
                _ => frozen.stream.clone(),
            };
            objects.push(((frozen.face.id, 0), program));
        }
        objects
    }
}

/// Calls `f` on each font of `doc` of one of the faces `by_key` knows,
/// with its program, its glyphs and the face's index.
fn each_font(
    doc: &Document,
    by_key: &HashMap<Vec<u8>, usize>,
    mut f: impl FnMut(&Candidate, &Program, Vec<Glyph>, usize),
) {
    for candidate in candidates(doc) {
        let Some(data) = program_data(doc, &candidate) else {
            continue;
        };
        let Some(program) = Program::read(&data) else {
            continue;
        };
        let (Some(glyphs), Some(key)) = (program.glyphs(), program.key(&candidate.name)) else {
            continue;
        };
        if let Some(&index) = by_key.get(&key) {
            f(&candidate, &program, glyphs, index);
        }
    }
}

impl FrozenFace {
    /// A candidate's face, its glyphs in the program's numbering.
    fn read(doc: &Document, candidate: &Candidate) -> Option<Self> {
        let data = program_data(doc, candidate)?;
        let program = Program::read(&data)?;
        if candidate.program.1 != 0 {
            return None;
        }
        let mut face = Face::new(candidate.program.0, &program)?;
        for glyph in program.glyphs()? {
            let gid = u16::try_from(face.glyphs.len()).ok()?;
            face.index.entry(glyph.clone()).or_insert(gid);
            face.glyphs.push(glyph);
        }
        face.freeze();
        Some(Self {
            stream: face.stream(),
            face,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use subsetter::GlyphRemapper;

    const FONT: &[u8] = include_bytes!("../../../fonts/NotoSans-Regular.ttf");

    /// The glyph of `font` numbered `gid`, its components drawn in: what it
    /// draws, whatever the numbering.
    fn drawn(glyphs: &[Glyph], gid: usize) -> (Vec<u8>, u16, i16) {
        let glyph = &glyphs[gid];
        let mut data = glyph.data.clone();
        let mut parts = Vec::new();
        for place in components(&data).unwrap() {
            let part = u16_at(&data, place).unwrap() as usize;
            data[place..place + 2].fill(0);
            parts.extend(drawn(glyphs, part).0);
        }
        data.extend(parts);
        (data, glyph.advance, glyph.lsb)
    }

    /// A document holding a subset of the font, as Typst writes it.
    fn subset_document(gids: &[u16]) -> (Document, Vec<u8>) {
        let mut remapper = GlyphRemapper::new();
        for &gid in gids {
            remapper.remap(gid);
        }
        let program = subsetter::subset(FONT, 0, &remapper).unwrap();
        let mut doc = Document::with_version("1.7");
        let file = doc
            .add_object(Stream::new(Dictionary::new(), deflate(&program)).with_compression(false));
        if let Ok(Object::Stream(stream)) = doc.get_object_mut(file) {
            stream.dict.set("Filter", "FlateDecode");
        }
        let mut descriptor = Dictionary::new();
        descriptor.set("Type", "FontDescriptor");
        descriptor.set("FontFile2", Object::Reference(file));
        let descriptor = doc.add_object(descriptor);
        let mut font = Dictionary::new();
        font.set("Type", "Font");
        font.set("Subtype", "CIDFontType2");
        font.set(
            "BaseFont",
            Object::Name(b"ABCDEF+NotoSans-Regular".to_vec()),
        );
        font.set("CIDToGIDMap", "Identity");
        font.set("FontDescriptor", Object::Reference(descriptor));
        doc.add_object(font);
        (doc, program)
    }

    /// The CIDToGIDMap the font of `doc` was given.
    fn map_of(doc: &Document) -> Vec<u16> {
        let candidate = doc
            .objects
            .values()
            .find_map(|o| o.as_dict().ok().filter(|d| d.has(b"CIDToGIDMap")))
            .unwrap();
        let id = candidate
            .get(b"CIDToGIDMap")
            .unwrap()
            .as_reference()
            .unwrap();
        let Ok(Object::Stream(stream)) = doc.get_object(id) else {
            panic!("no map stream")
        };
        stream
            .decompressed_content()
            .unwrap()
            .chunks(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect()
    }

    #[test]
    fn two_subsets_of_a_face_share_one_program_that_draws_each_glyph_as_before() {
        let face = Program::read(FONT).unwrap();
        let whole = face.glyphs().unwrap();
        // Glyphs both subsets use, some only one does, and composites
        // (accented letters) whose components the other uses alone.
        let composite = (0..whole.len() as u16)
            .filter(|&g| !components(&whole[g as usize].data).unwrap().is_empty())
            .take(6)
            .collect::<Vec<_>>();
        assert!(composite.len() == 6, "the font has composite glyphs");
        let first: Vec<u16> = [36, 37, 38, 80, 81]
            .into_iter()
            .chain(composite[..3].iter().copied())
            .collect();
        let second: Vec<u16> = [81, 38, 90, 91]
            .into_iter()
            .chain(composite[2..].iter().copied())
            .collect();

        let mut fonts = Fonts::default();
        let mut next = 100;
        let mut documents = Vec::new();
        for gids in [&first, &second] {
            let (mut doc, program) = subset_document(gids);
            let adopted = fonts.adopt(
                &mut doc,
                &mut |_| {
                    next += 1;
                    next
                },
                &mut |_, id| (id, 0),
            );
            assert_eq!(adopted, 1);
            documents.push((doc, program));
        }
        assert_eq!(fonts.faces.len(), 1, "one face");
        let (id, Object::Stream(program)) = fonts.programs().next().unwrap() else {
            panic!("no program")
        };
        assert_eq!(id, 101);
        let program = program.decompressed_content().unwrap();
        let union = Program::read(&program).unwrap().glyphs().unwrap();

        for (doc, own) in &documents {
            let own = Program::read(own).unwrap().glyphs().unwrap();
            let map = map_of(doc);
            assert_eq!(map.len(), own.len());
            assert!(
                doc.objects
                    .values()
                    .all(|o| o.as_stream().map_or(true, |s| !s.dict.has(b"Length1"))),
                "the document's own program is gone"
            );
            for (cid, &gid) in map.iter().enumerate() {
                assert_eq!(drawn(&own, cid), drawn(&union, gid as usize), "glyph {cid}");
            }
        }
        let apart = documents
            .iter()
            .map(|(_, own)| Program::read(own).unwrap().glyphs().unwrap().len())
            .sum::<usize>();
        assert!(
            union.len() < apart,
            "shared glyphs are there once: {} of {apart}",
            union.len()
        );
    }

    /// The objects `share` gives by their number.
    fn shared(body: &Frozen, front: &Document, next: &mut u32) -> HashMap<ObjectId, Object> {
        body.share(front, &mut || {
            *next += 1;
            (*next, 0)
        })
        .into_iter()
        .collect()
    }

    #[test]
    fn a_front_draws_on_its_body_s_program_its_own_glyphs_appended() {
        let face = Program::read(FONT).unwrap();
        let whole = face.glyphs().unwrap();
        let composite = (0..whole.len() as u16)
            .find(|&g| !components(&whole[g as usize].data).unwrap().is_empty())
            .unwrap();
        let (body_doc, body_own) = subset_document(&[36, 37, 38, 80, 81]);
        let body = Frozen::of(&body_doc);
        let body_program = body.programs().next().expect("the body's face");

        // A front whose glyphs the body has: the body's glyphs alone, the
        // same program for every such front.
        let glyphs_of = |object: &Object| {
            let Object::Stream(program) = object else {
                panic!("no program")
            };
            Program::read(&program.decompressed_content().unwrap())
                .unwrap()
                .glyphs()
                .unwrap()
        };
        let body_own = Program::read(&body_own).unwrap().glyphs().unwrap();
        let (front, _) = subset_document(&[81, 37]);
        let mut next = 500;
        let objects = shared(&body, &front, &mut next);
        let alone = glyphs_of(&objects[&body_program]);
        assert_eq!(alone.len(), body_own.len(), "no glyph added");
        let (other, _) = subset_document(&[38]);
        assert_eq!(
            shared(&body, &other, &mut next)[&body_program],
            objects[&body_program]
        );

        // A front with glyphs of its own: appended, the body's kept in
        // their numbering.
        let (front, front_own) = subset_document(&[81, 90, composite]);
        let objects = shared(&body, &front, &mut next);
        let union = glyphs_of(&objects[&body_program]);
        for gid in 0..body_own.len() {
            assert_eq!(
                drawn(&body_own, gid),
                drawn(&union, gid),
                "body glyph {gid}"
            );
        }
        assert!(union.len() > body_own.len());
        let front_own = Program::read(&front_own).unwrap().glyphs().unwrap();
        let font = objects
            .values()
            .find_map(|o| o.as_dict().ok().filter(|d| d.has(b"CIDToGIDMap")))
            .unwrap();
        let map_id = font.get(b"CIDToGIDMap").unwrap().as_reference().unwrap();
        let Object::Stream(map) = &objects[&map_id] else {
            panic!("no map")
        };
        let map: Vec<u16> = map
            .decompressed_content()
            .unwrap()
            .chunks(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        assert_eq!(map.len(), front_own.len());
        for (cid, &gid) in map.iter().enumerate() {
            assert_eq!(
                drawn(&front_own, cid),
                drawn(&union, gid as usize),
                "front glyph {cid}"
            );
        }
        let descriptor = objects
            .values()
            .find_map(|o| o.as_dict().ok().filter(|d| d.has(b"FontFile2")))
            .unwrap();
        assert_eq!(
            descriptor
                .get(b"FontFile2")
                .unwrap()
                .as_reference()
                .unwrap(),
            body_program,
            "the front's font draws on the body's program"
        );
    }

    #[test]
    fn a_grown_program_is_compressed_around_its_base_s_glyphs_and_reads_back_whole() {
        use std::io::Read;
        // A body with enough glyphs for their data to be compressed apart.
        let body_gids: Vec<u16> = (36..400).collect();
        let (body_doc, _) = subset_document(&body_gids);
        let body = Frozen::of(&body_doc);
        let body_program = body.programs().next().expect("the body's face");
        let face = &body.faces[*body.by_key.values().next().unwrap()].face;
        let (_, _, base_len) = face.program();
        assert!(
            base_len >= SPLIT_FROM,
            "the base's glyphs are {base_len} bytes"
        );

        let (front, _) = subset_document(&[3, 500, 600, 700]);
        let mut next = 900;
        let objects = shared(&body, &front, &mut next);
        let Object::Stream(stream) = &objects[&body_program] else {
            panic!("no program")
        };
        assert!(
            face.base.glyf.get().is_some(),
            "the base's part compressed once"
        );
        // zlib's own reader checks the stream's checksum.
        let mut program = Vec::new();
        flate2::read::ZlibDecoder::new(stream.content.as_slice())
            .read_to_end(&mut program)
            .expect("a whole zlib stream");
        let read = Program::read(&program).expect("a TrueType program");
        let glyphs = read.glyphs().unwrap();
        assert!(glyphs.len() > face.count(), "the front's glyphs appended");
        assert_eq!(
            stream.dict.get(b"Length1").unwrap().as_i64().unwrap(),
            program.len() as i64
        );
        // The body's glyphs where they were.
        let own = Program::read(&program_data(&body_doc, &candidates(&body_doc)[0]).unwrap())
            .unwrap()
            .glyphs()
            .unwrap();
        for gid in 0..own.len() {
            assert_eq!(drawn(&own, gid), drawn(&glyphs, gid), "body glyph {gid}");
        }
    }

    #[test]
    fn the_checksum_of_a_zlib_stream_is_adler_32() {
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        assert_eq!(adler32(b""), 1);
        let long = vec![0xffu8; 100_000];
        let mut compressed = ZLIB_HEADER.to_vec();
        compressed.extend(crate::writer::deflate_part(
            &long[..70_000],
            crate::writer::Flush::Full,
        ));
        compressed.extend(crate::writer::deflate_part(
            &long[70_000..],
            crate::writer::Flush::Finish,
        ));
        compressed.extend_from_slice(&adler32(&long).to_be_bytes());
        let mut back = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::ZlibDecoder::new(compressed.as_slice()),
            &mut back,
        )
        .expect("parts compressed apart make one stream");
        assert_eq!(back, long);
    }

    #[test]
    fn a_program_that_is_not_truetype_is_left_as_it_is() {
        let (mut doc, _) = subset_document(&[36]);
        let file = doc
            .objects
            .iter()
            .find_map(|(id, o)| o.as_stream().ok().map(|_| *id))
            .unwrap();
        doc.objects.insert(
            file,
            Object::Stream(Stream::new(Dictionary::new(), b"not a font".to_vec())),
        );
        let before = doc.objects.clone();
        let mut fonts = Fonts::default();
        assert_eq!(fonts.adopt(&mut doc, &mut |_| 1, &mut |_, id| (id, 0)), 0);
        assert_eq!(doc.objects, before);
        assert_eq!(fonts.programs().count(), 0);
    }
}
