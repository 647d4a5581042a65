import Foundation
import TestSupport
import Testing
@testable import StatesLanguage

/// The examples' checked-in JSON renderings match what their EDN desugars to.
@Suite struct ExampleTests {
    @Test(arguments: ["adder/adder", "pizza/pizza"])
    func ednMatchesItsJSONRendering(example: String) throws {
        let folder = SharedFixtures.packageRoot.appendingPathComponent("examples")
        let rendering = SharedFixtures.packageRoot.appendingPathComponent("Tests/StatesLanguageTests/Fixtures/examples")
        let edn = try DefinitionLoader.load(contentsOf: folder.appendingPathComponent(example + ".edn").path)
        let name = (example as NSString).lastPathComponent
        let json = try DefinitionLoader.load(contentsOf: rendering.appendingPathComponent(name + ".json").path)
        #expect(edn.document == json.document)
        #expect(edn.activities.map(\.activityName) == json.activities.map(\.activityName))
    }
}
