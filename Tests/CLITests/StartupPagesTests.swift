import CProcessSetup
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The program hands back pages it no longer needs mapped: its relocation table after start, and the
/// libraries' read-only pages once libcurl is loaded. Everything must work on after it.
@Suite struct StartupPagesTests {
#if os(Linux)
    @Test func relocationPagesAreReleasedAndTheLoaderStillWorks() throws {
        // The test runner is a position-independent executable with thousands of relocations.
        let released = twb_release_relocation_pages()
        #expect(released > 0)
        #expect(released % Int(sysconf(Int32(_SC_PAGESIZE))) == 0)
        let library = try #require(dlopen("libz.so.1", RTLD_NOW | RTLD_LOCAL) ?? dlopen("libm.so.6", RTLD_NOW | RTLD_LOCAL))
        defer { dlclose(library) }
        #expect(dlsym(library, "zlibVersion") != nil || dlsym(library, "cos") != nil)
        // A second call finds the same tables again, and the new library's.
        #expect(twb_release_relocation_pages() >= released)
    }

    /// After the libraries' read-only pages are unmapped, their code runs again (faulted back in) and
    /// their writable state is intact: libc's random generator carries on exactly where it was.
    @Test func libraryPagesAreReleasedAndTheLibrariesStillWork() throws {
        srandom(7)
        let before = (0..<3).map { _ in random() }
        let expectedAfter = (0..<3).map { _ in random() }
        srandom(7)
        #expect((0..<3).map { _ in random() } == before)
        let released = twb_release_library_pages()
        #expect(released > 0)
        #expect((0..<3).map { _ in random() } == expectedAfter)
        let library = try #require(dlopen("libz.so.1", RTLD_NOW | RTLD_LOCAL) ?? dlopen("libm.so.6", RTLD_NOW | RTLD_LOCAL))
        defer { dlclose(library) }
        #expect(dlsym(library, "zlibVersion") != nil || dlsym(library, "cos") != nil)
        #expect(String(cString: strerror(ENOENT)).isEmpty == false)
    }
#endif
}
