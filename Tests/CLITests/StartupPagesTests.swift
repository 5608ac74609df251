import CProcessSetup
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The program hands its relocation table's pages back after start; the loader must still work after it
/// (dlopen of a new library, lazy binding), since it never rereads that table.
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
#endif
}
