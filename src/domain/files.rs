//! A project's document folder: item names, the file types it accepts (recognised by their first bytes, never by
//! their names), its limits, and its trash.

use super::error::{ApiError, Invalid};

/// A file may be at most 25 MiB.
pub const MAX_FILE_BYTES: u64 = 25 * 1024 * 1024;
/// A project's folder holds at most this much, every version and the trash included (the `PROJECT_QUOTA_MB` var
/// changes it).
pub const DEFAULT_QUOTA_MB: u64 = 500;
/// How much of an upload is read before it is stored, to recognise its type.
pub const HEAD_BYTES: usize = 64 * 1024;
/// Deleted items stay restorable this long.
pub const TRASH_MS: i64 = 30 * 86_400_000;
/// Uploads that never finished (their R2 object has no listing) are swept after this long.
pub const STALE_UPLOAD_MS: i64 = 3_600_000;
/// How many recent documents the project home shows.
pub const RECENT: i64 = 5;

/// The name of a file or folder: one line, 1 to 120 characters, no path separators, not `.` or `..`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemName(String);

impl ItemName {
    pub fn parse(field: &str, raw: &str) -> Result<Self, Invalid> {
        // One spelling for what looks the same: "é" typed as one character or as "e" and an accent is one name.
        let nfc = super::text::normalized(raw.trim(), true);
        let name = nfc.as_str();
        if name.is_empty() {
            return Err(Invalid::new(field, "required", "Give it a name."));
        }
        if name.chars().any(|c| c == '/' || c == '\\') {
            return Err(Invalid::new(field, "name_path", "A name cannot contain / or \\. Use folders to organise documents."));
        }
        if name.chars().any(|c| c.is_control() || is_invisible(c)) {
            return Err(Invalid::new(field, "text_control_chars", "Remove the special control or invisible characters from the name."));
        }
        if name.chars().all(|c| c == '.') {
            return Err(Invalid::new(field, "name_dots", "A name needs more than dots."));
        }
        let len = name.chars().count();
        if len > MAX_NAME_CHARS {
            return Err(Invalid::new(field, "text_too_long", format!("Use at most {MAX_NAME_CHARS} characters (you have {len}).")));
        }
        Ok(ItemName(name.to_string()))
    }
    /// A name already stored (checked when it was given): kept as it is when an item moves without a new name.
    pub fn kept(stored: &str) -> Self {
        ItemName(stored.to_string())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Two names are the same item when they match ignoring case.
    pub fn key(&self) -> String {
        key(&self.0)
    }
    /// The extension, lower-cased, if the name has one.
    pub fn extension(&self) -> Option<String> {
        let (stem, ext) = self.0.rsplit_once('.')?;
        (!stem.is_empty() && !ext.is_empty() && !ext.contains(' ')).then(|| ext.to_lowercase())
    }
    /// The name a stored file gets: the uploaded name when its extension fits what the file is, otherwise with the
    /// right extension added (a PNG called `plan.pdf` becomes `plan.pdf.png`).
    /// The name an older version downloads as: `plan (version 2).pdf`.
    pub fn for_version(&self, number: i64) -> String {
        match self.0.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => format!("{stem} (version {number}).{ext}"),
            _ => format!("{} (version {number})", self.0),
        }
    }
    pub fn for_kind(self, kind: FileKind) -> ItemName {
        if self.extension().is_some_and(|e| kind.accepts(&e)) {
            return self;
        }
        let mut name = format!("{}.{}", self.0, kind.extensions().first().copied().unwrap_or("bin"));
        if name.chars().count() > 124 {
            name = format!("{}.{}", self.0.chars().take(110).collect::<String>(), kind.extensions().first().copied().unwrap_or("bin"));
        }
        ItemName(name)
    }
}

/// Zero-width and text-direction characters: they make a name read as something else (`exe\u{202E}fdp.txt`).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

pub const MAX_NAME_CHARS: usize = 120;
/// How deep folders may nest.
pub const MAX_DEPTH: usize = 20;

pub fn key(name: &str) -> String {
    super::text::normalized(name, true).to_lowercase()
}

/// A free name for an item coming back from the trash into a folder where `taken` says which names are used:
/// `plan.pdf`, else `plan (restored).pdf`, `plan (restored 2).pdf`, ...
pub fn restored_name(name: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(&key(name)) {
        return name.to_string();
    }
    // An "extension" too long to keep beside " (restored 999)" is part of the stem.
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && e.chars().count() + 17 <= MAX_NAME_CHARS => (s, format!(".{e}")),
        _ => (name, String::new()),
    };
    // Room for " (restored 999)" within the name limit.
    let room = MAX_NAME_CHARS.saturating_sub(ext.chars().count() + 15).max(1);
    let stem: String = stem.chars().take(room).collect();
    let stem = stem.as_str();
    (1..1000)
        .map(|n| if n == 1 { format!("{stem} (restored){ext}") } else { format!("{stem} (restored {n}){ext}") })
        .find(|candidate| !taken(&key(candidate)))
        .unwrap_or_else(|| format!("{stem} (restored){ext}"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
    Gif,
    Webp,
    /// Legacy Office (OLE compound files): Word, Excel, PowerPoint.
    Doc,
    Xls,
    Ppt,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Odp,
    Odg,
    Text,
    Markdown,
    Csv,
}

impl FileKind {
    pub fn mime(self) -> &'static str {
        use FileKind::*;
        match self {
            Pdf => "application/pdf",
            Png => "image/png",
            Jpeg => "image/jpeg",
            Gif => "image/gif",
            Webp => "image/webp",
            Doc => "application/msword",
            Xls => "application/vnd.ms-excel",
            Ppt => "application/vnd.ms-powerpoint",
            Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            Odt => "application/vnd.oasis.opendocument.text",
            Ods => "application/vnd.oasis.opendocument.spreadsheet",
            Odp => "application/vnd.oasis.opendocument.presentation",
            Odg => "application/vnd.oasis.opendocument.graphics",
            Text => "text/plain; charset=utf-8",
            Markdown => "text/markdown; charset=utf-8",
            Csv => "text/csv; charset=utf-8",
        }
    }
    /// The kind a stored MIME type stands for.
    pub fn from_mime(mime: &str) -> Option<FileKind> {
        use FileKind::*;
        [Pdf, Png, Jpeg, Gif, Webp, Doc, Xls, Ppt, Docx, Xlsx, Pptx, Odt, Ods, Odp, Odg, Text, Markdown, Csv]
            .into_iter()
            .find(|k| k.mime() == mime)
    }
    /// May a name of this kind end with this extension? Text is text: a `.txt` may be renamed `.md` or `.csv`.
    pub fn accepts(self, ext: &str) -> bool {
        use FileKind::*;
        let family: &[FileKind] = if matches!(self, Text | Markdown | Csv) { &[Text, Markdown, Csv] } else { &[self] };
        family.iter().any(|k| k.extensions().contains(&ext))
    }
    /// The extensions a name of this kind may end with; the first is added when the name has none of them.
    pub fn extensions(self) -> &'static [&'static str] {
        use FileKind::*;
        match self {
            Pdf => &["pdf"],
            Png => &["png"],
            Jpeg => &["jpg", "jpeg"],
            Gif => &["gif"],
            Webp => &["webp"],
            Doc => &["doc", "dot"],
            Xls => &["xls"],
            Ppt => &["ppt", "pps"],
            Docx => &["docx"],
            Xlsx => &["xlsx"],
            Pptx => &["pptx"],
            Odt => &["odt"],
            Ods => &["ods"],
            Odp => &["odp"],
            Odg => &["odg"],
            Text => &["txt", "text", "log"],
            Markdown => &["md", "markdown"],
            Csv => &["csv"],
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// What a file is, from its first bytes (`head`, up to `HEAD_BYTES`; `complete` when that is the whole file) and,
/// only to tell apart formats that share a container, its name's extension. `None`: not a type the folder takes.
pub fn sniff(head: &[u8], complete: bool, ext: Option<&str>) -> Option<FileKind> {
    use FileKind::*;
    let ext = ext.unwrap_or("");
    if head.starts_with(b"%PDF-") {
        return Some(Pdf);
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(Png);
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Jpeg);
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Some(Gif);
    }
    if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        return Some(Webp);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // The container is shared with installers (.msi) and more: an Office file is known by its main stream's name
        // in the container's directory (UTF-16), which must be within the head.
        let has = |name: &str| contains(head, &name.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>());
        return if has("WordDocument") {
            Some(Doc)
        } else if has("Workbook") || has("Book") {
            Some(Xls)
        } else if has("PowerPoint Document") {
            Some(Ppt)
        } else {
            None
        };
    }
    if head.starts_with(b"PK\x03\x04") {
        return sniff_zip(head, ext);
    }
    if looks_like_text(head, complete) {
        return Some(match ext {
            "md" | "markdown" => Markdown,
            "csv" => Csv,
            _ => Text,
        });
    }
    None
}

/// Office Open XML and OpenDocument files are ZIP archives. An OpenDocument file's first entry is an uncompressed
/// `mimetype` naming its type. An Office file has `[Content_Types].xml` and `_rels/` entries and a part folder for
/// Word, Excel or PowerPoint; some tools write `[Content_Types].xml` last, so any of these entry names in the head
/// will do, and the part folder (or, if it starts beyond the head, the name) tells the three apart. Other archives
/// are refused.
fn sniff_zip(head: &[u8], ext: &str) -> Option<FileKind> {
    use FileKind::*;
    let u16_at = |at: usize| Some(usize::from(u16::from_le_bytes([*head.get(at)?, *head.get(at + 1)?])));
    let (name_len, extra_len) = (u16_at(26)?, u16_at(28)?);
    if head.get(30..30 + name_len) == Some(b"mimetype".as_slice()) {
        let data = head.get(30 + name_len + extra_len..).unwrap_or_default();
        let odf = data.strip_prefix(b"application/vnd.oasis.opendocument.".as_slice())?;
        let is = |s: &[u8]| odf.starts_with(s);
        return if is(b"text") {
            Some(Odt)
        } else if is(b"spreadsheet") {
            Some(Ods)
        } else if is(b"presentation") {
            Some(Odp)
        } else if is(b"graphics") {
            Some(Odg)
        } else {
            None
        };
    }
    if !(contains(head, b"[Content_Types].xml") || contains(head, b"_rels/.rels")) {
        return None;
    }
    if contains(head, b"word/") {
        Some(Docx)
    } else if contains(head, b"xl/") {
        Some(Xlsx)
    } else if contains(head, b"ppt/") {
        Some(Pptx)
    } else {
        match ext {
            "docx" => Some(Docx),
            "xlsx" => Some(Xlsx),
            "pptx" => Some(Pptx),
            _ => None,
        }
    }
}

/// UTF-8 text (a byte-order mark allowed) without NUL or control characters other than tab, newlines and form feed.
/// A head cut short may end in the middle of a character.
fn looks_like_text(head: &[u8], complete: bool) -> bool {
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = match std::str::from_utf8(body) {
        Ok(t) => t,
        Err(e) if !complete && e.error_len().is_none() => match body.get(..e.valid_up_to()).map(std::str::from_utf8) {
            Some(Ok(t)) => t,
            _ => return false,
        },
        Err(_) => return false,
    };
    !text.is_empty() && !text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
}

/// The refusal for a file the folder does not take.
pub fn unsupported() -> ApiError {
    ApiError::unsupported_type(
        "This type of file is not accepted. Upload a PDF, an image (PNG, JPEG, GIF, WebP), an office or OpenDocument file, or plain text, CSV or Markdown saved as UTF-8.",
    )
    .with_field("file")
}

/// Checks a declared upload size against the per-file limit and the room left in the project's quota.
pub fn check_size(header: &str, used: u64, quota: u64) -> Result<u64, ApiError> {
    let header = header.trim();
    // All digits, yet too large for a number: too large.
    let declared = match header.parse::<u64>() {
        Ok(n) => Some(n),
        Err(_) if !header.is_empty() && header.bytes().all(|b| b.is_ascii_digit()) => Some(u64::MAX),
        Err(_) => None,
    };
    let Some(size) = declared else {
        return Err(ApiError::new(411, "length_required", "Send the file with its size (a Content-Length header).").with_field("file"));
    };
    if size == 0 {
        return Err(ApiError::bad_request("file_empty", "The file is empty.").with_field("file"));
    }
    if size > MAX_FILE_BYTES {
        return Err(ApiError::payload_too_large(format!(
            "This file is {} MB; a file can be at most {} MB.",
            mb(size.min(u64::MAX / 10)),
            MAX_FILE_BYTES / (1024 * 1024)
        ))
        .with_field("file"));
    }
    if used.saturating_add(size) > quota {
        return Err(quota_full(used, quota));
    }
    Ok(size)
}

pub fn quota_full(used: u64, quota: u64) -> ApiError {
    ApiError::new(
        413,
        "quota_exceeded",
        format!(
            "The project's folder is full: {} MB of {} MB are used (old versions and the trash count too). Delete documents forever from the trash to make room.",
            mb(used),
            quota / (1024 * 1024)
        ),
    )
    .with_field("file")
}

fn mb(bytes: u64) -> String {
    let tenths = bytes.saturating_mul(10) / (1024 * 1024);
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ZIP of stored entries: (name, content).
    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut v = Vec::new();
        for (name, data) in entries {
            v.extend_from_slice(b"PK\x03\x04");
            v.extend_from_slice(&[0; 22]);
            v.extend_from_slice(&(name.len() as u16).to_le_bytes());
            v.extend_from_slice(&[0, 0]);
            v.extend_from_slice(name.as_bytes());
            v.extend_from_slice(data);
        }
        v
    }

    fn ole(stream: &str) -> Vec<u8> {
        let mut v = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        v.extend_from_slice(&[0; 504]);
        v.extend(stream.encode_utf16().flat_map(u16::to_le_bytes));
        v
    }

    #[test]
    fn names_refuse_paths_dots_and_control_characters() {
        assert_eq!(ItemName::parse("name", "  Session plan.docx ").unwrap().as_str(), "Session plan.docx");
        for bad in ["../../etc/passwd", "a/b", "a\\b", "..", ".", "", "  ", "tab\there", "nul\0", "exe\u{202E}fdp.txt", "a\u{200B}b"] {
            assert!(ItemName::parse("name", bad).is_err(), "{bad:?}");
        }
        assert_eq!(ItemName::parse("name", "..").unwrap_err().code, "name_dots");
        assert_eq!(ItemName::parse("name", "a/b").unwrap_err().field, "name");
        assert!(ItemName::parse("name", &"é".repeat(120)).is_ok());
        assert_eq!(ItemName::parse("name", &"é".repeat(121)).unwrap_err().code, "text_too_long");
        assert_eq!(ItemName::parse("n", "Plan.PDF").unwrap().key(), "plan.pdf");
        // NFC: the same name typed two ways is one name.
        assert_eq!(ItemName::parse("n", "Cafe\u{301}.txt").unwrap().as_str(), "Café.txt");
        assert_eq!(ItemName::parse("n", "Cafe\u{301}.txt").unwrap().key(), ItemName::parse("n", "CAFÉ.TXT").unwrap().key());
    }

    #[test]
    fn names_get_the_extension_of_what_they_are() {
        let name = |s: &str| ItemName::parse("n", s).unwrap();
        assert_eq!(name("plan.pdf").for_kind(FileKind::Pdf).as_str(), "plan.pdf");
        assert_eq!(name("photo.JPEG").for_kind(FileKind::Jpeg).as_str(), "photo.JPEG");
        assert_eq!(name("plan.pdf").for_kind(FileKind::Png).as_str(), "plan.pdf.png");
        assert_eq!(name("notes").for_kind(FileKind::Text).as_str(), "notes.txt");
        assert_eq!(name("Meeting notes.md").for_kind(FileKind::Text).as_str(), "Meeting notes.md");
        assert_eq!(name("run.bat").for_kind(FileKind::Text).as_str(), "run.bat.txt");
        assert_eq!(name("plan.pdf").for_version(2), "plan (version 2).pdf");
        assert_eq!(name("README").for_version(1), "README (version 1)");
        assert_eq!(name(".bashrc").for_kind(FileKind::Text).as_str(), ".bashrc.txt");
        assert!(name(&"x".repeat(120)).for_kind(FileKind::Markdown).as_str().ends_with(".md"));
    }

    #[test]
    fn recognises_documents_by_their_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n...", false, Some("txt")), Some(FileKind::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0", false, None), Some(FileKind::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0], false, None), Some(FileKind::Jpeg));
        assert_eq!(sniff(b"GIF89a..", false, None), Some(FileKind::Gif));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 ", false, None), Some(FileKind::Webp));
        assert_eq!(sniff(&ole("Workbook"), false, Some("doc")), Some(FileKind::Xls));
        assert_eq!(sniff(&ole("WordDocument"), false, None), Some(FileKind::Doc));
        // An installer shares the container but not the streams, whatever its name says.
        assert_eq!(sniff(&ole("\u{4840}\u{3B3F}"), false, Some("doc")), None);
        let ods = zip(&[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")]);
        assert_eq!(sniff(&ods, false, None), Some(FileKind::Ods));
        // The OpenDocument marker counts only as the first entry.
        assert_eq!(sniff(&zip(&[("payload.exe", b"MZ"), ("mimetype", b"application/vnd.oasis.opendocument.text")]), false, Some("odt")), None);
        assert_eq!(sniff(&zip(&[("[Content_Types].xml", b""), ("word/document.xml", b"")]), false, None), Some(FileKind::Docx));
        assert_eq!(sniff(&zip(&[("[Content_Types].xml", b""), ("ppt/slides/1.xml", b"")]), false, Some("docx")), Some(FileKind::Pptx));
        // LibreOffice and others write [Content_Types].xml last.
        assert_eq!(sniff(&zip(&[("_rels/.rels", b""), ("xl/workbook.xml", b"")]), false, None), Some(FileKind::Xlsx));
        assert_eq!(sniff(&zip(&[("[Content_Types].xml", b"")]), false, Some("xlsx")), Some(FileKind::Xlsx));
        assert_eq!(sniff(&zip(&[("[Content_Types].xml", b"")]), false, Some("zip")), None);
        assert_eq!(sniff(&zip(&[("virus.exe", b"MZ")]), false, Some("docx")), None);
    }

    #[test]
    fn text_is_utf8_without_binary_bytes() {
        assert_eq!(sniff(b"# Plan\n\n- one\n", true, Some("md")), Some(FileKind::Markdown));
        assert_eq!(sniff("a;b\nè;1\n".as_bytes(), true, Some("csv")), Some(FileKind::Csv));
        assert_eq!(sniff(b"\xEF\xBB\xBFhello", true, None), Some(FileKind::Text));
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0", false, Some("txt")), None);
        assert_eq!(sniff(b"\x7fELF\x02\x01", false, Some("pdf")), None);
        assert_eq!(sniff(b"caf\xC3", false, None), Some(FileKind::Text));
        assert_eq!(sniff(b"caf\xC3", true, None), None);
        assert_eq!(sniff(b"\xff\xfe\0h\0i", false, None), None);
    }

    #[test]
    fn sizes_are_checked_before_anything_is_read() {
        let quota = 500 * 1024 * 1024;
        assert_eq!(check_size("", 0, quota).unwrap_err().status, 411);
        assert_eq!(check_size("abc", 0, quota).unwrap_err().status, 411);
        assert_eq!(check_size("0", 0, quota).unwrap_err().code, "file_empty");
        assert_eq!(check_size(&(MAX_FILE_BYTES + 1).to_string(), 0, quota).unwrap_err().status, 413);
        assert_eq!(check_size("18446744073709551616", 0, quota).unwrap_err().status, 413);
        assert_eq!(check_size(&MAX_FILE_BYTES.to_string(), 0, quota), Ok(MAX_FILE_BYTES));
        let full = check_size(&(2 * 1024 * 1024).to_string(), quota - 1024 * 1024, quota).unwrap_err();
        assert_eq!((full.status, full.code), (413, "quota_exceeded"));
        assert!(full.message.contains("499.0 MB of 500 MB"), "{}", full.message);
    }

    #[test]
    fn restored_items_get_a_free_name() {
        assert_eq!(restored_name("plan.pdf", |_| false), "plan.pdf");
        assert_eq!(restored_name("plan.pdf", |k| k == "plan.pdf"), "plan (restored).pdf");
        assert_eq!(restored_name("Notes", |k| k == "notes" || k == "notes (restored)"), "Notes (restored 2)");
        let long = format!("{}.pdf", "x".repeat(116));
        let back = restored_name(&long, |k| k == key(&long));
        assert!(back.ends_with(" (restored).pdf") && back.chars().count() <= MAX_NAME_CHARS, "{back}");
        let long_ext = format!("a.{}", "x".repeat(110));
        let back = restored_name(&long_ext, |k| k == key(&long_ext));
        assert!(back.chars().count() <= MAX_NAME_CHARS && ItemName::parse("name", &back).is_ok(), "{back}");
    }
}
