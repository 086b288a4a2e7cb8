//! Reading what a user points Hard Call at, without hanging or running out of memory: only
//! regular files are read, never more than a cap, and folder walks do not follow links to
//! folders (two links to `.` would otherwise make the walk branch without end). Writing is
//! atomic: a temporary file renamed into place.

use std::fs::{File, FileType};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What kind of thing a path is, in words, for an error that says why it was not read.
fn kind(file_type: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() { "a folder" } else { "not a regular file" }
}

/// Opens without waiting for a writer: a FIFO swapped in after the check must not hang us.
fn open(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The bytes of a regular file of at most `cap` bytes. A FIFO, a device, a folder or a
/// larger file is refused with a message naming the path, before anything is read past
/// the cap (a device reports a size of 0, so the size on disk is not trusted).
pub fn read_capped(path: &Path, cap: usize) -> Result<Vec<u8>, String> {
    let name = path.display();
    let metadata = std::fs::metadata(path).map_err(|err| format!("cannot read {name}: {err}"))?;
    if !metadata.is_file() {
        return Err(format!("cannot read {name}: it is {}, not a file", kind(metadata.file_type())));
    }
    let file = open(path).map_err(|err| format!("cannot read {name}: {err}"))?;
    // Checked again on the open file, in case the path changed in between.
    let opened = file.metadata().map_err(|err| format!("cannot read {name}: {err}"))?;
    if !opened.is_file() {
        return Err(format!("cannot read {name}: it is {}, not a file", kind(opened.file_type())));
    }
    if opened.len() > cap as u64 {
        return Err(format!(
            "{name} is {} bytes, larger than {cap} bytes, the limit for this kind of file",
            opened.len()
        ));
    }
    let mut bytes = Vec::with_capacity((opened.len() as usize).min(cap) + 1);
    file.take(cap as u64 + 1).read_to_end(&mut bytes).map_err(|err| format!("cannot read {name}: {err}"))?;
    if bytes.len() > cap {
        return Err(format!("{name} is larger than {cap} bytes, the limit for this kind of file"));
    }
    Ok(bytes)
}

/// The files a folder walk found, and what it passed over with why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<(PathBuf, &'static str)>,
}

/// Every file ending in `.{extension}` under `dir`, sorted, searching sub-folders except
/// those named in `skip`. Links to files are followed; links to folders are not (they are
/// listed in `skipped`), so no arrangement of links can make the walk loop.
pub fn walk(dir: &Path, extension: &str, skip: &[&str]) -> std::io::Result<Walk> {
    let mut out = Walk::default();
    walk_into(dir, extension, skip, &mut out)?;
    Ok(out)
}

fn walk_into(dir: &Path, extension: &str, skip: &[&str], out: &mut Walk) -> std::io::Result<()> {
    let mut entries: Vec<(PathBuf, FileType)> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.file_type().ok().map(|t| (entry.path(), t)))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, file_type) in entries {
        let named = |p: &Path| p.extension().is_some_and(|e| e == extension);
        if file_type.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(target) if target.is_dir() => out.skipped.push((path, "a link to a folder, not followed")),
                Ok(_) if named(&path) => out.files.push(path),
                Ok(_) => {}
                Err(_) if named(&path) => out.skipped.push((path, "a link to nothing")),
                Err(_) => {}
            }
        } else if file_type.is_dir() {
            if path.file_name().is_some_and(|n| skip.iter().any(|s| n == *s)) {
                continue;
            }
            walk_into(&path, extension, skip, out)?;
        } else if named(&path) {
            // Not only regular files: a FIFO named `.ron` is listed, and reading it says why
            // it cannot be read, instead of it vanishing silently.
            out.files.push(path);
        }
    }
    Ok(())
}

/// Writes `text` to a new file at `path` (its folder made if needed), never over an existing
/// one: the text goes to a synced temporary file first and is linked into place whole, so a
/// crash never leaves half a file, and a name taken meanwhile fails with `AlreadyExists`.
pub fn write_new_text(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    if path.exists() {
        return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
    }
    let temporary = path.with_extension(format!("new-{}", std::process::id()));
    let written = std::fs::File::create(&temporary).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    let linked = written.and_then(|()| std::fs::hard_link(&temporary, path));
    let _ = std::fs::remove_file(&temporary);
    linked
}

/// Writes `text` to `path` through a synced temporary file renamed into place, in a folder
/// that must exist.
pub fn write_text_atomically(path: &Path, text: &str) -> Result<(), String> {
    write_streaming_atomically(path, |out| out.write_all(text.as_bytes()).map_err(|err| err.to_string()))
}

/// Writes a file piece by piece through `write`, atomically: readers see the old file or the
/// whole new one, never a part, and a failure (in `write` too) leaves the old file alone.
pub fn write_streaming_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), String>,
) -> Result<(), String> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let file =
        tempfile::NamedTempFile::new_in(dir).map_err(|err| format!("cannot write in {}: {err}", dir.display()))?;
    let mut buffered = std::io::BufWriter::new(file);
    write(&mut buffered).map_err(|err| format!("cannot write {}: {err}", path.display()))?;
    let file = buffered.into_inner().map_err(|err| format!("cannot write {}: {}", path.display(), err.error()))?;
    file.as_file().sync_all().map_err(|err| format!("cannot write {}: {err}", path.display()))?;
    // The temporary file is private to its owner; a file written over keeps its permissions
    // (a scenario others read stays readable to them).
    if let Ok(metadata) = std::fs::metadata(path) {
        let _ = file.as_file().set_permissions(metadata.permissions());
    }
    file.persist(path).map_err(|err| format!("cannot replace {}: {}", path.display(), err.error))?;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("hardcall-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_file_over_the_cap_is_refused_and_one_at_it_is_read() {
        let dir = temp("cap");
        std::fs::write(dir.join("a.ron"), vec![b'x'; 10]).unwrap();
        assert_eq!(read_capped(&dir.join("a.ron"), 10).unwrap().len(), 10);
        let err = read_capped(&dir.join("a.ron"), 9).unwrap_err();
        assert!(err.contains("larger than 9 bytes"), "{err}");
    }

    #[test]
    fn a_folder_and_a_device_are_refused_by_kind() {
        let dir = temp("kind");
        assert!(read_capped(&dir, 100).unwrap_err().contains("a folder"));
        let err = read_capped(Path::new("/dev/zero"), 100).unwrap_err();
        assert!(err.contains("a device"), "{err}");
    }

    #[test]
    fn links_to_folders_are_listed_as_skipped_not_walked() {
        let dir = temp("links");
        std::fs::write(dir.join("one.ron"), "x").unwrap();
        std::os::unix::fs::symlink(".", dir.join("a")).unwrap();
        std::os::unix::fs::symlink(".", dir.join("b")).unwrap();
        std::os::unix::fs::symlink("one.ron", dir.join("two.ron")).unwrap();
        std::os::unix::fs::symlink("missing.ron", dir.join("gone.ron")).unwrap();
        let found = walk(&dir, "ron", &[]).unwrap();
        assert_eq!(found.files, vec![dir.join("one.ron"), dir.join("two.ron")]);
        let skipped: Vec<_> = found.skipped.iter().map(|(p, why)| (p.file_name().unwrap().to_owned(), *why)).collect();
        assert_eq!(
            skipped,
            vec![
                ("a".into(), "a link to a folder, not followed"),
                ("b".into(), "a link to a folder, not followed"),
                ("gone.ron".into(), "a link to nothing"),
            ]
        );
    }
}
