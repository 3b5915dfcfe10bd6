//! The folder an index lives in: tantivy's memory-mapped directory, except that files are
//! written in large pieces, and that `meta.json` can be served from memory for a while.
//!
//! tantivy writes every index file through an 8 KB buffer. The kernel keeps what a process
//! writes in the page cache in pieces the size of its writes, and a search that maps the
//! files right after indexing (the usual case) pays for many small pieces: on Reuters, the
//! same index files written in 64 KB pieces or more searched in 1.3 ms per process against
//! 1.5 ms as tantivy wrote them (same page faults; `hyperfine -N`, 300 runs). Reading is
//! unchanged: every read goes to the memory-mapped directory.

use std::io::BufWriter;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, FileSlice, Lock, MmapDirectory,
    TerminatingWrite, WatchCallback, WatchHandle, WritePtr, META_LOCK,
};

use super::fault;

/// Bytes written to a file at a time. (256 KB searched no faster and, allocated outside
/// the heap for every file, built Reuters 2-3 % slower.)
const WRITE_PIECE: usize = 64 * 1024;

/// [`MmapDirectory`] with large writes. Clones share what [`IndexDirectory::serving_meta`]
/// sets.
#[derive(Clone, Debug)]
pub struct IndexDirectory {
    inner: MmapDirectory,
    /// The folder itself.
    root: std::path::PathBuf,
    /// While set, what reads of `meta.json` return instead of the file.
    meta: Arc<Mutex<Option<Arc<[u8]>>>>,
}

/// Checks the head of a `.store` file's offset index before tantivy opens a reader on it: a
/// damaged count there makes tantivy allocate terabytes and abort (see
/// [`super::stored::frame::check_store_body`]). Reads the footer and a few bytes, from the
/// map. A file whose tantivy footer does not parse is left to tantivy, which names that.
fn check_store(file: &FileSlice) -> Result<(), String> {
    let Ok((_, body)) = tantivy::directory::footer::Footer::extract_footer(file.clone()) else {
        return Ok(());
    };
    let bytes = body.read_bytes().map_err(|e| e.to_string())?;
    super::stored::frame::check_store_body(bytes.as_slice())
}

/// The file tantivy keeps its index metadata in.
pub const META_FILE: &str = "meta.json";

impl IndexDirectory {
    /// Opens the existing folder `path`.
    pub fn open(path: &Path) -> Result<IndexDirectory, OpenDirectoryError> {
        Ok(IndexDirectory {
            inner: MmapDirectory::open(path)?,
            root: path.to_path_buf(),
            meta: Arc::default(),
        })
    }

    /// Runs `f` with every read of `meta.json` (through this directory or a clone of it)
    /// returning `meta` instead of the file; reads go to the file again once `f` returns.
    pub fn serving_meta<T>(&self, meta: Vec<u8>, f: impl FnOnce() -> T) -> T {
        self.set_meta(Some(meta.into()));
        let out = f();
        self.set_meta(None);
        out
    }

    fn set_meta(&self, meta: Option<Arc<[u8]>>) {
        *self.meta.lock().unwrap_or_else(PoisonError::into_inner) = meta;
    }

    fn served_meta(&self) -> Option<Arc<[u8]>> {
        self.meta
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Directory for IndexDirectory {
    fn get_file_handle(
        &self,
        path: &Path,
    ) -> Result<std::sync::Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn open_read(&self, path: &Path) -> Result<FileSlice, OpenReadError> {
        let file = self.inner.open_read(path)?;
        if path.extension().is_some_and(|e| e == "store") {
            check_store(&file).map_err(|why| OpenReadError::IoError {
                io_error: Arc::new(std::io::Error::new(std::io::ErrorKind::InvalidData, why)),
                filepath: path.to_path_buf(),
            })?;
        }
        Ok(file)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        match fault::at(path) {
            // Dies the moment the file appears, as a kill at that point leaves it.
            Some(fault::Action::Abort | fault::Action::AbortAfter) => {
                let _file = self.inner.open_write(path);
                std::process::abort()
            }
            Some(fault::Action::Full) => {
                let _file = self.inner.open_write(path)?;
                return Ok(BufWriter::new(Box::new(NoSpace)));
            }
            _ => {}
        }
        // The inner writer comes with an empty 8 KB buffer around the file: take the file
        // writer out and put a large buffer around it instead. (tantivy wraps what this
        // returns in one more small buffer, which now writes into the large one.)
        let file = self
            .inner
            .open_write(path)?
            .into_inner()
            .map_err(|e| OpenWriteError::wrap_io_error(e.into_error(), path.to_path_buf()))?;
        Ok(BufWriter::new(Box::new(BufWriter::with_capacity(
            WRITE_PIECE,
            file,
        ))))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        match self.served_meta() {
            Some(meta) if path == Path::new(META_FILE) => Ok(meta.to_vec()),
            _ => self.inner.atomic_read(path),
        }
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        let fault = fault::at(path);
        match fault {
            Some(fault::Action::Abort) => std::process::abort(),
            Some(fault::Action::Full) => return Err(fault::no_space()),
            _ => {}
        }
        self.inner.atomic_write(path, data)?;
        if fault == Some(fault::Action::AbortAfter) {
            std::process::abort();
        }
        self.share_like_folder(path);
        Ok(())
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            // The meta lock only keeps garbage collection from deleting files while a reader
            // opens them. Where it cannot be created (a read-only mount, an archive owned by
            // someone else) nobody can be writing through this folder's locks either, so
            // readers go on without it.
            Err(LockError::IoError(e))
                if lock.filepath == META_LOCK.filepath && cannot_write(&e) =>
            {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.inner.sync_directory()
    }
}

impl IndexDirectory {
    /// Gives a file written whole (`meta.json`) the read permissions of its folder: the
    /// temporary file it replaces is created private (0600), which would keep everyone but
    /// the indexing user from searching a shared archive.
    fn share_like_folder(&self, path: &Path) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let folder = &self.root;
            let Ok(meta) = std::fs::metadata(folder) else {
                return;
            };
            let mode = meta.permissions().mode() & 0o666;
            let file = folder.join(path);
            // Best effort: a folder we may write but not chmod in keeps tantivy's mode.
            let _ = std::fs::set_permissions(file, std::fs::Permissions::from_mode(mode | 0o600));
        }
        #[cfg(not(unix))]
        let _ = path;
    }
}

/// True for an error that means the folder cannot be written at all.
pub fn cannot_write(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}

/// A file whose every write fails as on a full disk (the `full` fault).
struct NoSpace;

impl std::io::Write for NoSpace {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(fault::no_space())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl TerminatingWrite for NoSpace {
    fn terminate_ref(&mut self, _: AntiCallToken) -> std::io::Result<()> {
        Err(fault::no_space())
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn files_written_in_large_pieces_read_back_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = IndexDirectory::open(tmp.path()).unwrap();
        // (name, bytes): empty, under one piece, several pieces and a remainder.
        let sizes = [0usize, 1, 8191, WRITE_PIECE, 3 * WRITE_PIECE + 17];
        for (i, size) in sizes.into_iter().enumerate() {
            let name = format!("f{i}");
            let data: Vec<u8> = (0..size).map(|j| (j * 31 + i) as u8).collect();
            let mut w = dir.open_write(Path::new(&name)).unwrap();
            for chunk in data.chunks(1000) {
                w.write_all(chunk).unwrap();
            }
            w.terminate().unwrap();
            let back = dir.open_read(Path::new(&name)).unwrap();
            assert_eq!(
                back.read_bytes().unwrap().as_slice(),
                &data[..],
                "size {size}"
            );
            // A second writer for the same file is refused, as by the inner directory.
            assert!(matches!(
                dir.open_write(Path::new(&name)),
                Err(OpenWriteError::FileAlreadyExists(_))
            ));
        }
    }
}
