/// The purposes that draw random numbers, each from its own stream, so that changing one
/// (say, the batch order) never shifts the draws of another (say, the evaluation samples).
enum RandomStream: UInt64 {
    case problem = 1
    case evaluationSamples = 2
    case trainingSamples = 3
    case labelNoise = 4
    case initialWeights = 5
    case batchOrder = 6

    func generator(seed: UInt64) -> SeededGenerator {
        SeededGenerator(seed: seed, stream: rawValue)
    }
}
