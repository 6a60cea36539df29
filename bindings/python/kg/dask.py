"""Extract a news archive on a Dask cluster into a kg store.

    import kg, kg.dask
    from distributed import Client
    with kg.open("news.db") as db, Client("tcp://scheduler:8786") as client:
        summary = kg.dask.extract_corpus(db, ["archive/"], client)

The corpus (text files, directories, JSON Lines files with id/text/date/title/url) is read
here, as `kg extract` reads it, and split into partitions of documents. Each worker runs kg's
extractor through this module (workers need kg importable, but no store) and returns the
partition's quads with their provenance as N-Quads. This process loads each finished
partition into the store in one atomic step, so the store stays consistent when a worker
dies; Dask runs a lost partition again (`retries`). Documents already in the store with the
same content hash are skipped, as `kg extract` skips them, so a run can be resumed. The
store ends up equal to a local `kg extract` of the same corpus.

From the command line:

    python3 -m kg.dask --db news.db --scheduler tcp://scheduler:8786 archive/
    python3 -m kg.dask --db news.db --workers 2 archive/      # a LocalCluster on this machine
"""

from . import _kg

__all__ = ["extract_corpus", "main"]

_KG = "http://kg.local/ns#"


def _extract_partition(docs, graph, aliases):
    """Runs on a worker: the N-Quads of a partition's documents and their counts."""
    from kg import _kg as worker_kg

    parts = []
    sentences = facts = 0
    warnings = []
    for doc in docs:
        result = worker_kg.extract_document(doc, graph, aliases)
        parts.append(result["nquads"])
        sentences += result["sentences"]
        facts += result["facts"]
        warnings.extend("%s: %s" % (doc["origin"], w) for w in result["warnings"])
    return {"nquads": "".join(parts), "documents": len(docs), "sentences": sentences,
            "facts": facts, "warnings": warnings}


def _stored_hashes(db):
    rows = db.query("SELECT ?d ?h WHERE { ?d <%scontentHash> ?h }" % _KG)
    return {str(row["d"]): str(row["h"]) for row in rows}


def extract_corpus(db, inputs, client, partitions=None, graph=None, retries=3):
    """Extract `inputs` (paths; see kg extract) on the cluster behind `client` into `db`.

    partitions: how many pieces the corpus is cut into (default: 4 per worker, at most one
    per document). graph: a named graph for facts and provenance. retries: how often a
    partition whose worker died or failed is run again.
    Returns a dict of counts: documents, skipped, failed, sentences, facts, added, failures
    (origin, message) and warnings.
    """
    from distributed import as_completed

    if isinstance(inputs, str):
        inputs = [inputs]
    docs, failures = _kg.read_corpus([str(p) for p in inputs])
    stored = _stored_hashes(db)
    todo = [d for d in docs if stored.get(d["iri"]) != d["hash"]]
    changed = [d["iri"] for d in todo if d["iri"] in stored]
    for iri in changed:
        db.remove_document(iri)
    aliases = db.aliases()
    if partitions is None:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        partitions = 4 * workers
    partitions = max(1, min(partitions, len(todo)))
    size = -(-len(todo) // partitions) if todo else 0
    pieces = [todo[i:i + size] for i in range(0, len(todo), size)] if todo else []
    summary = {"documents": 0, "skipped": len(docs) - len(todo), "failed": len(failures),
               "sentences": 0, "facts": 0, "added": 0, "warnings": [],
               "failures": list(failures)}
    if not pieces:
        return summary
    futures = client.map(_extract_partition, pieces, graph=graph, aliases=aliases,
                         retries=retries, pure=False)
    for future in as_completed(futures):
        part = future.result()
        # one atomic load per partition: a partition is in the store entirely or not at all
        summary["added"] += db.load_string(part["nquads"], format="nquads").added
        for key in ("documents", "sentences", "facts"):
            summary[key] += part[key]
        summary["warnings"].extend(part["warnings"])
    # one entity whatever each document calls it, as kg extract resolves after each batch
    db.resolve_entities()
    return summary


def main(argv=None):
    import argparse
    import sys
    import time

    import kg

    parser = argparse.ArgumentParser(
        prog="python3 -m kg.dask",
        description="Extract a corpus on a Dask cluster into a kg store.")
    parser.add_argument("--db", required=True, help="the store")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://host:8786)")
    where.add_argument("--workers", type=int, default=2,
                       help="without --scheduler: a LocalCluster of this many workers (default 2)")
    parser.add_argument("--partitions", type=int, help="pieces of the corpus (default: 4 per worker)")
    parser.add_argument("--graph", help="named graph for facts and provenance")
    parser.add_argument("inputs", nargs="+", help="text files, directories, JSON Lines files")
    args = parser.parse_args(argv)

    from distributed import Client, LocalCluster

    cluster = None
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    try:
        start = time.monotonic()
        with kg.open(args.db) as db:
            s = extract_corpus(db, args.inputs, client, partitions=args.partitions, graph=args.graph)
        seconds = time.monotonic() - start
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    for origin, message in s["failures"]:
        print("kg: %s: %s (skipped)" % (origin, message), file=sys.stderr)
    print("extracted %d facts from %d sentences in %d documents (%d new statements); "
          "%d unchanged, %d failed; %.1f documents/s"
          % (s["facts"], s["sentences"], s["documents"], s["added"], s["skipped"], s["failed"],
             s["documents"] / seconds if seconds > 0 else 0.0), file=sys.stderr)
    return 1 if s["failed"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
