/// Moving n-d arrays between C order (last index fastest, NumPy's default) and Fortran order
/// (first index fastest, `fortran_order: True` in a .npy header).
enum FortranOrder {
    /// The Fortran-order offset of every C-order position, in C order: for the C index
    /// (i0, …, ik) it is i0 + s0 · (i1 + s1 · (…)), with s the shape.
    static func offsets(shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in 1 ..< max(shape.count, 1) { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        let count = shape.reduce(1, *)
        var offsets: [Int] = []
        offsets.reserveCapacity(count)
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0 ..< count {
            var offset = 0
            for axis in 0 ..< shape.count { offset += index[axis] * strides[axis] }
            offsets.append(offset)
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return offsets
    }

    /// C-order values laid out in Fortran order.
    static func fromC<T>(_ values: [T], shape: [Int]) -> [T] {
        guard shape.count > 1, values.count > 1 else { return values }
        var out = values
        for (c, f) in offsets(shape: shape).enumerated() { out[f] = values[c] }
        return out
    }

    /// Fortran-order values laid out in C order.
    static func toC<T>(_ values: [T], shape: [Int]) -> [T] {
        guard shape.count > 1, values.count > 1 else { return values }
        return offsets(shape: shape).map { values[$0] }
    }
}
