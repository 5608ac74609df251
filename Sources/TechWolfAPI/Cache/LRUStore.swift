/// A bounded map that forgets the least recently used entry first. O(1) get, set and eviction: a hash map
/// of slots in an array, threaded on a doubly linked list by index.
struct LRUStore<Key: Hashable, Value> {
    private struct Slot {
        var key: Key
        var value: Value
        var newer: Int?
        var older: Int?
    }

    let capacity: Int
    private var slots: [Slot] = []
    private var free: [Int] = []
    private var index: [Key: Int] = [:]
    private var newest: Int?
    private var oldest: Int?

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    var count: Int { index.count }

    /// The value, marked as just used.
    mutating func get(_ key: Key) -> Value? {
        guard let i = index[key] else { return nil }
        moveToFront(i)
        return slots[i].value
    }

    /// The value without touching its recency.
    func peek(_ key: Key) -> Value? {
        index[key].map { slots[$0].value }
    }

    /// Stores the value; returns how many entries were evicted to make room (0 or 1).
    @discardableResult
    mutating func set(_ key: Key, _ value: Value) -> Int {
        if let i = index[key] {
            slots[i].value = value
            moveToFront(i)
            return 0
        }
        var evicted = 0
        if index.count >= capacity, let last = oldest {
            remove(at: last)
            evicted = 1
        }
        let slot = Slot(key: key, value: value, newer: nil, older: newest)
        let i: Int
        if let reused = free.popLast() {
            slots[reused] = slot
            i = reused
        } else {
            slots.append(slot)
            i = slots.count - 1
        }
        if let n = newest { slots[n].newer = i }
        newest = i
        if oldest == nil { oldest = i }
        index[key] = i
        return evicted
    }

    mutating func removeValue(forKey key: Key) {
        if let i = index[key] { remove(at: i) }
    }

    mutating func removeAll() {
        slots.removeAll()
        free.removeAll()
        index.removeAll()
        newest = nil
        oldest = nil
    }

    private mutating func unlink(_ i: Int) {
        let s = slots[i]
        if let n = s.newer { slots[n].older = s.older } else { newest = s.older }
        if let o = s.older { slots[o].newer = s.newer } else { oldest = s.newer }
        slots[i].newer = nil
        slots[i].older = nil
    }

    private mutating func moveToFront(_ i: Int) {
        guard newest != i else { return }
        unlink(i)
        slots[i].older = newest
        if let n = newest { slots[n].newer = i }
        newest = i
        if oldest == nil { oldest = i }
    }

    private mutating func remove(at i: Int) {
        unlink(i)
        index[slots[i].key] = nil
        free.append(i)
    }
}
