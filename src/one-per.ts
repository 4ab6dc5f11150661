// One thing per owner: per database connection, per running server (AppContext), per stored
// schedule. It is made the first time it is asked for, the same one is handed out after, and it
// goes with its owner (a WeakMap: a test process starts many servers and databases and drops them).
// State that is set, replaced or removed elsewhere (a service started and stopped, a limiter a test
// swaps) keeps a WeakMap of its own: there the map's get and set are the clearer code.

/** `create` must not answer undefined (it would be called again on every ask). */
export function onePer<K extends object, V extends {} | null>(create: (owner: K) => V): (owner: K) => V;
/**
 * `keyOf`: what the thing belongs to when that is not the argument itself, e.g. `(db) => db.$client`
 * for one per connection (what src/db/write-watch.ts and transactions are kept by), while `create`
 * still gets the Db.
 */
export function onePer<O, V extends {} | null>(create: (owner: O) => V, keyOf: (owner: O) => object): (owner: O) => V;
export function onePer<O, V extends {} | null>(create: (owner: O) => V, keyOf?: (owner: O) => object): (owner: O) => V {
  const made = new WeakMap<object, V>();
  return (owner) => {
    const key = keyOf ? keyOf(owner) : (owner as object);
    let thing = made.get(key);
    if (thing === undefined) made.set(key, (thing = create(owner)));
    return thing;
  };
}
