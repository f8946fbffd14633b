//! One way of writing PDF files: objects serialised with their places,
//! those that are not streams packed in object streams, and a
//! cross-reference stream at the end. [`Writer`] holds its output in
//! memory, for a booklet; [`Spool`] sends it to a file as it goes, for
//! documents of any length.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read as _, Seek, SeekFrom, Write};

use flate2::Compression;
use flate2::write::ZlibEncoder;
use lopdf::{Dictionary, Object, Stream};

/// The PDF header of every file written here.
pub(crate) const HEADER: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";

/// Objects per object stream.
pub(crate) const PER_STREAM: usize = 200;

/// Where each object of a file is, by number, in eight bytes: `0` for
/// nowhere, an offset in the file, or, with the high bit set, an object
/// stream's number and an index in it. Documents of thousands of pages have
/// hundreds of thousands of objects: the entries are kept in blocks, so that
/// a growing table takes the room it needs, neither twice that nor a copy,
/// and a long document moves the blocks it has filled to a file
/// ([`Xref::take_below`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Xref {
    /// The blocks from number `taken` on.
    blocks: Vec<Box<[u64]>>,
    /// How many blocks were taken out.
    pub(crate) taken: usize,
    /// Entries set in blocks already taken out.
    late: BTreeMap<u32, u64>,
}

/// Entries per block of an [`Xref`].
const XREF_BLOCK: usize = 1024;

/// The high bit of an [`Xref`] entry for an object in an object stream.
const PACKED: u64 = 1 << 63;

impl Xref {
    fn set(&mut self, id: u32, entry: u64) {
        let (block, index) = (id as usize / XREF_BLOCK, id as usize % XREF_BLOCK);
        let Some(block) = block.checked_sub(self.taken) else {
            self.late.insert(id, entry);
            return;
        };
        while self.blocks.len() <= block {
            self.blocks.push(vec![0; XREF_BLOCK].into_boxed_slice());
        }
        self.blocks[block][index] = entry;
    }

    /// Object `id` is at `offset` in the file.
    fn at(&mut self, id: u32, offset: u64) {
        self.set(id, offset);
    }

    /// Object `id` is the `index`-th of object stream `stream`.
    pub(crate) fn packed(&mut self, id: u32, stream: u32, index: u16) {
        self.set(id, PACKED | u64::from(stream) << 16 | u64::from(index));
    }

    /// Takes out the blocks that hold only objects numbered below `id`, in
    /// order; entries set in them later are kept apart.
    pub(crate) fn take_below(&mut self, id: u32) -> std::vec::Drain<'_, Box<[u64]>> {
        let whole = (id as usize / XREF_BLOCK)
            .saturating_sub(self.taken)
            .min(self.blocks.len());
        self.taken += whole;
        self.blocks.drain(..whole)
    }

    /// Every entry from object 0 on: `taken`, those of the blocks taken
    /// out, then the blocks kept; an entry set late wins.
    pub(crate) fn entries<'a>(
        &'a self,
        taken: impl Iterator<Item = io::Result<u64>> + 'a,
    ) -> impl Iterator<Item = io::Result<u64>> + 'a {
        let kept = self
            .blocks
            .iter()
            .flat_map(|block| block.iter().copied().map(Ok));
        taken
            .chain(kept)
            .enumerate()
            .map(|(number, entry)| match self.late.get(&(number as u32)) {
                Some(&late) => Ok(late),
                None => entry,
            })
    }
}

/// The cross-reference row of object `number` from its [`Xref`] entry:
/// type, field 2, field 3.
fn xref_row(number: u32, entry: u64) -> (u8, u64, u16) {
    match entry {
        0 => (0, 0, if number == 0 { 65535 } else { 0 }),
        entry if entry & PACKED != 0 => (2, (entry & !PACKED) >> 16, entry as u16),
        offset => (1, offset, 0),
    }
}

/// Serialises objects with their places, for a cross-reference stream.
pub(crate) struct Writer {
    /// The serialised objects.
    pub(crate) out: Vec<u8>,
    /// Where `out` stands in the file.
    pub(crate) start: u64,
    /// Where each object is.
    pub(crate) entries: Xref,
}

impl Writer {
    /// A writer whose output will stand at offset `start` in the file.
    pub(crate) fn new(start: u64) -> Self {
        Self {
            out: Vec::new(),
            start,
            entries: Xref::default(),
        }
    }

    /// Writes an object as it is (streams must be written so).
    pub(crate) fn direct(&mut self, id: u32, object: &Object) {
        let out = self.begin(id);
        let _ = lopdf::Writer::write_object(out, object);
        self.end();
    }

    /// Starts object `id` where the output stands; the caller writes the
    /// object's own bytes, then calls [`Writer::end`]. For objects too
    /// long to be built whole first, such as the page tree of a long file.
    pub(crate) fn begin(&mut self, id: u32) -> &mut Vec<u8> {
        self.entries.at(id, self.start + self.out.len() as u64);
        let _ = writeln!(self.out, "{id} 0 obj");
        &mut self.out
    }

    /// Ends the object [`Writer::begin`] started.
    pub(crate) fn end(&mut self) {
        self.out.extend_from_slice(b"\nendobj\n");
    }

    /// Writes streams as they are and the other objects packed in object
    /// streams numbered after `last_id`; returns the last number used.
    pub(crate) fn all(&mut self, objects: BTreeMap<u32, Object>, mut last_id: u32) -> u32 {
        let mut loose = Vec::new();
        for (id, object) in objects {
            match object {
                Object::Stream(_) => self.direct(id, &object),
                other => loose.push((id, other)),
            }
        }
        for chunk in loose.chunks(PER_STREAM) {
            last_id += 1;
            self.packed(last_id, chunk);
        }
        last_id
    }

    /// Writes objects other than streams packed in object stream `id`.
    pub(crate) fn packed(&mut self, id: u32, objects: &[(u32, Object)]) {
        let bodies = objects
            .iter()
            .map(|(number, object)| (*number, Body::Object(object)));
        self.pack(id, bodies);
    }

    /// [`Writer::packed`], some of the objects serialised already.
    pub(crate) fn packed_bodies(&mut self, id: u32, objects: &[(u32, Body)]) {
        self.pack(id, objects.iter().copied());
    }

    fn pack<'a>(&mut self, id: u32, objects: impl Iterator<Item = (u32, Body<'a>)>) {
        let mut offsets = String::new();
        let mut bodies = Vec::new();
        let mut count = 0;
        for (index, (number, object)) in objects.enumerate() {
            offsets.push_str(&format!("{number} {} ", bodies.len()));
            match object {
                Body::Object(object) => {
                    let _ = lopdf::Writer::write_object(&mut bodies, object);
                }
                Body::Written(written) => bodies.extend_from_slice(written),
            }
            bodies.push(b'\n');
            self.entries.packed(number, id, index as u16);
            count += 1;
        }
        let first = offsets.len();
        let mut content = offsets.into_bytes();
        content.extend_from_slice(&bodies);
        let mut dict = Dictionary::new();
        dict.set("Type", "ObjStm");
        dict.set("N", count as i64);
        dict.set("First", first as i64);
        dict.set("Filter", "FlateDecode");
        let stream = Stream::new(dict, deflate(&content));
        self.direct(id, &Object::Stream(stream));
    }
}

/// An object of an object stream: to serialise, or serialised already.
#[derive(Clone, Copy)]
pub(crate) enum Body<'a> {
    /// The object.
    Object(&'a Object),
    /// Its bytes, as [`lopdf::Writer::write_object`] writes it.
    Written(&'a [u8]),
}

/// A [`Writer`] whose output goes to `out` as it is made, and whose
/// cross-reference entries, block by block, to a temporary file: a file of
/// thousands of pages is written with the memory of a few.
pub(crate) struct Spool<W: Write> {
    /// The file.
    out: W,
    /// What is not yet in `out`, and where every object is.
    pub(crate) writer: Writer,
    /// The cross-reference blocks taken out of the writer, in order.
    rows: BufWriter<File>,
}

impl<W: Write> Spool<W> {
    /// A file written to `out`, from its header on; `rows` is an empty file.
    pub(crate) fn new(out: W, rows: File) -> Self {
        Self {
            out,
            writer: Writer {
                out: HEADER.to_vec(),
                start: 0,
                entries: Xref::default(),
            },
            rows: BufWriter::new(rows),
        }
    }

    /// Moves what the writer holds to `out`, and the cross-reference
    /// blocks of objects numbered below `below` to their file.
    pub(crate) fn flush(&mut self, below: u32) -> io::Result<()> {
        self.out.write_all(&self.writer.out)?;
        self.writer.start += self.writer.out.len() as u64;
        self.writer.out.clear();
        for block in self.writer.entries.take_below(below) {
            for entry in block {
                self.rows.write_all(&entry.to_le_bytes())?;
            }
        }
        Ok(())
    }

    /// Ends the file with its cross-reference stream, object `id`; returns
    /// `out` and the file's length.
    pub(crate) fn finish(mut self, id: u32, trailer: Dictionary) -> io::Result<(W, u64)> {
        self.rows.flush()?;
        let rows = self.rows.get_mut();
        rows.seek(SeekFrom::Start(0))?;
        let mut rows = BufReader::new(rows);
        let taken = (0..self.writer.entries.taken * XREF_BLOCK).map(|_| {
            let mut entry = [0; 8];
            rows.read_exact(&mut entry)?;
            Ok(u64::from_le_bytes(entry))
        });
        let entries = self.writer.entries.entries(taken);
        let (out, start) = (&mut self.writer.out, self.writer.start);
        write_xref(out, start, entries, id, trailer)?;
        self.out.write_all(&self.writer.out)?;
        self.out.flush()?;
        let len = self.writer.start + self.writer.out.len() as u64;
        Ok((self.out, len))
    }
}

/// Cross-reference rows compressed at once by [`write_xref`].
const ROWS_AT_ONCE: usize = 8192;

/// Appends the cross-reference stream (object `id`) and the file's end to
/// `out`, which starts at offset `base` in the file.
pub(crate) fn write_xref(
    out: &mut Vec<u8>,
    base: u64,
    mut entries: impl Iterator<Item = io::Result<u64>>,
    id: u32,
    mut trailer: Dictionary,
) -> io::Result<()> {
    let offset = base + out.len() as u64;
    let size = id + 1;
    // Offsets take 4 bytes, or 8 in a file of more than 4 GB.
    let wide = if offset > u64::from(u32::MAX) { 8 } else { 4 };
    // The rows are compressed as they are made, a few thousand at a time:
    // the table of a long document is not held whole.
    let mut compressed = ZlibEncoder::new(Vec::new(), Compression::new(6));
    let mut rows = Vec::with_capacity(ROWS_AT_ONCE * (3 + wide));
    for number in 0..size {
        let entry = entries.next().transpose()?.unwrap_or(0);
        let (kind, a, b) = match number == id {
            true => (1, offset, 0),
            false => xref_row(number, entry),
        };
        rows.push(kind);
        rows.extend_from_slice(&a.to_be_bytes()[8 - wide..]);
        rows.extend_from_slice(&b.to_be_bytes());
        if rows.len() >= ROWS_AT_ONCE * (3 + wide) || number + 1 == size {
            let _ = compressed.write_all(&rows);
            rows.clear();
        }
    }
    trailer.set("Type", "XRef");
    trailer.set("Size", i64::from(size));
    trailer.set(
        "W",
        Object::Array(vec![1.into(), (wide as i64).into(), 2.into()]),
    );
    trailer.set("Filter", "FlateDecode");
    let stream = Stream::new(trailer, compressed.finish().unwrap_or_default());
    let _ = writeln!(out, "{id} 0 obj");
    let _ = lopdf::Writer::write_object(out, &Object::Stream(stream));
    let _ = write!(out, "\nendobj\nstartxref\n{offset}\n%%EOF\n");
    Ok(())
}

/// `data` compressed as well as deflate can, for what is written once and
/// copied many times.
pub(crate) fn deflate_best(data: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(data.len() / 3), Compression::best());
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

/// `data` compressed at zlib's usual level, for what is written once.
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    compress(data, true, Flush::Finish)
}

/// How a part of a zlib stream compressed apart ends.
#[derive(Clone, Copy)]
pub(crate) enum Flush {
    /// On a byte, with nothing it refers to left behind: another part may
    /// follow, compressed on its own.
    Full,
    /// The stream's last part.
    Finish,
}

/// A part of a zlib stream's compressed data, without the stream's header
/// and checksum: parts that end with [`Flush::Full`] and a last one that
/// ends with [`Flush::Finish`], each compressed on its own, put together,
/// are the stream's data.
pub(crate) fn deflate_part(data: &[u8], flush: Flush) -> Vec<u8> {
    compress(data, false, flush)
}

thread_local! {
    /// A compressor for zlib streams and one for raw parts, on each thread:
    /// making one takes longer than compressing a short stream.
    static COMPRESSORS: std::cell::RefCell<[Option<flate2::Compress>; 2]> =
        const { std::cell::RefCell::new([None, None]) };
}

/// `data` compressed at zlib's usual level, as a zlib stream (`zlib`) or a
/// raw part of one.
fn compress(data: &[u8], zlib: bool, flush: Flush) -> Vec<u8> {
    COMPRESSORS.with(|compressors| {
        let mut compressors = compressors.borrow_mut();
        let compressor = compressors[usize::from(zlib)]
            .get_or_insert_with(|| flate2::Compress::new(Compression::new(6), zlib));
        compressor.reset();
        let mode = match flush {
            Flush::Full => flate2::FlushCompress::Full,
            Flush::Finish => flate2::FlushCompress::Finish,
        };
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let consumed = compressor.total_in() as usize;
            if out.capacity() - out.len() < 64 {
                out.reserve(out.capacity().max(256));
            }
            let status = compressor.compress_vec(&data[consumed..], &mut out, mode);
            let done = compressor.total_in() as usize == data.len();
            match status {
                Ok(flate2::Status::StreamEnd) => break,
                // A full flush is done when it leaves room in the output.
                Ok(_) if done && matches!(flush, Flush::Full) && out.len() < out.capacity() => {
                    break;
                }
                Ok(_) => {}
                Err(_) => {
                    *compressors = [None, None];
                    return fallback(data, zlib, flush);
                }
            }
        }
        out
    })
}

/// [`compress`] with a compressor of its own, should the thread's fail.
fn fallback(data: &[u8], zlib: bool, flush: Flush) -> Vec<u8> {
    let mut compressor = flate2::Compress::new(Compression::new(6), zlib);
    let mode = match flush {
        Flush::Full => flate2::FlushCompress::Full,
        Flush::Finish => flate2::FlushCompress::Finish,
    };
    // Deflate adds at most 5 bytes a block of 16 kB to what it cannot make
    // shorter.
    let mut out = Vec::with_capacity(data.len() + data.len() / 1000 + 1024);
    let _ = compressor.compress_vec(data, &mut out, mode);
    out
}

#[cfg(test)]
mod tests {
    use super::{ROWS_AT_ONCE, Spool, XREF_BLOCK, Xref, write_xref};
    use lopdf::{Dictionary, Document, Object, Stream, dictionary};
    use std::collections::BTreeMap;

    #[test]
    fn a_spooled_file_reads_back_object_by_object() {
        // More objects than one cross-reference block, flushed as they come,
        // the catalog written last under a low number.
        let mut spool = Spool::new(Vec::new(), tempfile::tempfile().unwrap());
        let count = XREF_BLOCK as u32 * 3;
        let mut next = 3;
        while next < count {
            let mut objects = BTreeMap::new();
            for id in next..next + 500 {
                objects.insert(id, Object::Integer(i64::from(id) * 7));
            }
            let stream = Stream::new(Dictionary::new(), format!("stream {next}").into_bytes());
            objects.insert(next + 500, Object::Stream(stream));
            next = spool.writer.all(objects, next + 500) + 1;
            spool.flush(next).unwrap();
        }
        let pages = dictionary! { "Type" => "Pages", "Kids" => Vec::<Object>::new(), "Count" => 0 };
        let catalog = dictionary! { "Type" => "Catalog", "Pages" => Object::Reference((1, 0)) };
        spool
            .writer
            .packed(next, &[(1, pages.into()), (2, catalog.into())]);
        let trailer = dictionary! { "Root" => Object::Reference((2, 0)) };
        let (pdf, len) = spool.finish(next + 1, trailer).unwrap();
        assert_eq!(pdf.len() as u64, len);

        let doc = Document::load_mem(&pdf).expect("the file reads back");
        assert_eq!(
            doc.catalog()
                .unwrap()
                .get(b"Type")
                .unwrap()
                .as_name()
                .unwrap(),
            b"Catalog"
        );
        assert_eq!(doc.get_object((1000, 0)).unwrap().as_i64().unwrap(), 7000);
        assert_eq!(
            doc.get_object((2503, 0)).unwrap().as_i64().unwrap(),
            2503 * 7
        );
        let stream = doc.get_object((503, 0)).unwrap().as_stream().unwrap();
        assert_eq!(stream.content, b"stream 3");
    }

    /// The rows of the cross-reference stream written from `xref` and the
    /// entries `taken` out of it.
    fn written_rows(xref: &Xref, taken: &[u64], last: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let taken = taken.iter().map(|&entry| Ok(entry));
        write_xref(&mut out, 100, xref.entries(taken), last, Dictionary::new()).unwrap();
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains(&format!("/Size {}", last + 1)), "{text:.200}");
        let start = out.windows(7).position(|w| w == b"stream\n").unwrap() + 7;
        let end = out.windows(10).position(|w| w == b"\nendstream").unwrap();
        let mut rows = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::ZlibDecoder::new(&out[start..end]),
            &mut rows,
        )
        .unwrap();
        rows
    }

    #[test]
    fn a_long_cross_reference_table_is_written_whole() {
        // Objects on both sides of a block's end, and far beyond the rows
        // compressed at once; the others are nowhere.
        let last = (ROWS_AT_ONCE * 2 + 7) as u32;
        let set: Vec<u32> = vec![1, XREF_BLOCK as u32 - 1, XREF_BLOCK as u32, last - 1];
        let fill = |xref: &mut Xref, ids: &[u32]| {
            for &id in ids {
                if id.is_multiple_of(2) {
                    xref.packed(id, 3, id as u16);
                } else {
                    xref.at(id, u64::from(id) * 10);
                }
            }
        };
        let mut xref = Xref::default();
        fill(&mut xref, &set);
        let rows = written_rows(&xref, &[], last);
        assert_eq!(
            rows.len(),
            (last as usize + 1) * 7,
            "one row of 7 bytes each"
        );
        for (id, row) in rows.chunks(7).enumerate() {
            let id = id as u32;
            let field = u32::from_be_bytes(row[1..5].try_into().unwrap());
            let index = u16::from_be_bytes(row[5..7].try_into().unwrap());
            let expected = match id {
                _ if id == last => (1, 100, 0),
                _ if !set.contains(&id) => (0, 0, if id == 0 { 65535 } else { 0 }),
                _ if id.is_multiple_of(2) => (2, 3, id as u16),
                _ => (1, id * 10, 0),
            };
            assert_eq!((row[0], field, index), expected, "object {id}");
        }

        // The same table, its first blocks taken out as a long document
        // does, and object 1 set after they were.
        let mut parted = Xref::default();
        fill(&mut parted, &set[1..3]);
        let taken: Vec<u64> = parted.take_below(XREF_BLOCK as u32 + 1).flatten().collect();
        assert_eq!(taken.len(), XREF_BLOCK, "the first block only");
        fill(&mut parted, &[last - 1, 1]);
        assert_eq!(written_rows(&parted, &taken, last), rows);
    }
}
