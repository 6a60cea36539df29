"""kg query --memory-limit end to end: spilling gives the in-memory answer, what cannot spill
exits 1 with the budget message, a size that does not parse is a usage error."""
from kgtest import KgTestCase

CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"


class QueryLimitsTest(KgTestCase):
    def setUp(self):
        super().setUp()
        lines = [f"<http://x/s{i}> <http://x/p{i % 7}> {(i * 37) % 200} ." for i in range(200)]
        self.kg("load", "--db", self.db, self.write("data.ttl", "\n".join(lines) + "\n"))

    def query(self, text, *options, expect=0):
        return self.kg("query", "--db", self.db, "--format", "tsv", *options, text, expect=expect)

    def test_spilled_sort_and_group_match_memory(self):
        for text in [CROSS + " ORDER BY DESC(?c) ?f ?a ?d LIMIT 5 OFFSET 100",
                     "SELECT ?a ?c WHERE { ?a ?b ?c } ORDER BY ?c ?a",
                     "SELECT ?c ?f (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(?c < 20) } "
                     "GROUP BY ?c ?f ORDER BY ?c ?f",
                     "SELECT DISTINCT ?c ?e WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?e DESC(?c)"]:
            want, _ = self.query(text)
            got, _ = self.query(text, "--memory-limit", "4K")
            self.assertEqual(got, want, text)

    def test_budget_error_exits_1_and_names_the_limit(self):
        _, err = self.query(CROSS[:-1] + ' BIND(CONCAT(STR(?a), " and ", STR(?d)) AS ?x) }',
                            "--memory-limit", "64K", expect=1)
        self.assertIn("query exceeded its memory budget (65536 bytes)", err)
        self.assertIn("--memory-limit", err)

    def test_bad_size_is_a_usage_error(self):
        _, err = self.query(CROSS, "--memory-limit", "a lot", expect=2)
        self.assertIn("--memory-limit", err)
