import CRMIntents
import CRMSupport
import Testing

/// Undo reverts data, so a casual word must not trigger it: only an explicit
/// undo word does. ("never mind" / "算了" / "取消" still cancel an open
/// question; the bot handles those before parsing.)
@Suite struct UndoSafetyTests {
    @Test(arguments: ["never mind", "oops", "my bad", "算了", "取消", "恢复", "反悔"])
    func aCasualWordIsNotUndo(text: String) {
        #expect(Fixture.engine.parse(text, now: CorpusTests.now).intent != "undo", "\(text)")
    }

    @Test(arguments: ["undo", "undo that", "oops undo", "oops, revert that", "撤销", "撤回刚才的记录", "取消刚才的记录", "算了，撤销"])
    func anExplicitUndoIsUndo(text: String) {
        #expect(Fixture.engine.parse(text, now: CorpusTests.now).intent == "undo", "\(text)")
    }
}
