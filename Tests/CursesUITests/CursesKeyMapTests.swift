import BrowserCore
import CNcursesw
import Testing
@testable import CursesUI

@Suite struct CursesKeyMapTests {
    @Test func functionKeysNcursesDecodes() {
        #expect(CursesKeyMap.input(forCode: KEY_UP) == .key(.up))
        #expect(CursesKeyMap.input(forCode: KEY_NPAGE) == .key(.pageDown))
        #expect(CursesKeyMap.input(forCode: KEY_HOME) == .key(.home))
        #expect(CursesKeyMap.input(forCode: KEY_END) == .key(.end))
        #expect(CursesKeyMap.input(forCode: KEY_ENTER) == .key(.enter))
        #expect(CursesKeyMap.input(forCode: KEY_BTAB) == .key(.backTab))
        #expect(CursesKeyMap.input(forCode: KEY_BACKSPACE) == .key(.backspace))
        #expect(CursesKeyMap.input(forCode: KEY_DC) == .key(.delete))
        #expect(CursesKeyMap.input(forCode: KEY_RESIZE) == .resize)
        #expect(CursesKeyMap.input(forCode: KEY_IC) == .ignored)
    }

    @Test func functionKeyNumbers() {
        #expect(CursesKeyMap.input(forCode: twb_key_f(1)) == .key(.function(1)))
        #expect(CursesKeyMap.input(forCode: twb_key_f(12)) == .key(.function(12)))
        #expect(CursesKeyMap.input(forCode: twb_key_f(13)) == .key(.function(1)))
    }

    @Test func extendedNamesWithModifiers() {
        #expect(CursesKeyMap.extendedKey(named: "kUP5") == .up)
        #expect(CursesKeyMap.extendedKey(named: "kDN3") == .down)
        #expect(CursesKeyMap.extendedKey(named: "kHOM6") == .home)
        #expect(CursesKeyMap.extendedKey(named: "kDC5") == .delete)
        #expect(CursesKeyMap.extendedKey(named: "kLFT3") == .altLeft)
        #expect(CursesKeyMap.extendedKey(named: "kRIT3") == .altRight)
        #expect(CursesKeyMap.extendedKey(named: "kLFT5") == .left)
        #expect(CursesKeyMap.extendedKey(named: "kUP") == nil)
        #expect(CursesKeyMap.extendedKey(named: "kxIN") == nil)
    }
}
