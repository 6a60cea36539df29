"""kg entities end to end: one entity across documents (our own articles in samples/news), a
user alias table applied to what is already extracted, merge -> split back to the same
store, chains of merges, extraction and document removal while merged."""
import os

from kgtest import SAMPLES, KgTestCase

NEWS = os.path.join(SAMPLES, "news")
DEAL = os.path.join(NEWS, "trade-deal.txt")
REACTION = os.path.join(NEWS, "trade-deal-reaction.txt")


def count(out):
    return int(out.split()[1])


class EntitiesTest(KgTestCase):
    def query_count(self, query, db=None):
        out, _ = self.kg("query", "--db", db or self.db, "--format", "csv", query)
        return count(out)

    def sorted_dump(self, db=None):
        # the time a merge by hand was made is the one statement that differs between runs
        return sorted(l for l in self.dump(db).splitlines() if "ns#created>" not in l)

    def extract(self, *paths, db=None):
        for p in paths:
            self.kg("extract", "--db", db or self.db, "--jobs", "1", "--document",
                    "urn:doc:" + os.path.basename(p), p)

    def facts_from(self, entity, document):
        return self.query_count(
            "SELECT (COUNT(*) AS ?n) WHERE { %s ?p ?o . << %s ?p ?o >> kg:source/kg:document <urn:doc:%s> }"
            % (entity, entity, document))

    def test_one_entity_across_our_articles(self):
        self.extract(DEAL, REACTION)
        reaction = "trade-deal-reaction.txt"
        # short names, an acronym and a capital standing for its government in the second
        # article land on the entities the first article names in full
        for entity in ("kg:e.Laura_Chen", "kg:e.Daniel_Mwangi", "kg:e.Joseph_Otieno",
                       "kg:e.Kenya_Farmers_Union", "kg:e.United_States"):
            self.assertGreaterEqual(self.facts_from(entity, reaction), 1, entity)
        self.assertGreaterEqual(self.facts_from("kg:e.United_States", "trade-deal.txt"), 1)
        self.assertEqual(self.query_count(
            'SELECT (COUNT(*) AS ?n) WHERE { ?e rdfs:label ?l FILTER(?l IN ("Chen", "Mwangi", '
            '"Otieno", "KFU", "U.S.", "Washington")) }'), 0)
        # the mentions stay visible
        self.assertEqual(self.query_count(
            'SELECT (COUNT(*) AS ?n) WHERE { kg:e.Laura_Chen kg:mention kg:e.Chen ; kg:alias "Chen" }'), 1)
        out, _ = self.kg("entities", "--db", self.db, "list")
        self.assertIn("# Laura Chen\tChen\tshort form of the name 'Laura Chen'\tautomatic", out)
        self.assertIn("# Kenya Farmers Union\tKFU\tacronym of 'Kenya Farmers Union'\tautomatic", out)
        # the other order gives the same store
        other = os.path.join(self.tmp, "other.db")
        self.extract(REACTION, DEAL, db=other)
        self.assertEqual(self.sorted_dump(), self.sorted_dump(other))
        # removing the second article removes what only it supported, merges included
        alone = os.path.join(self.tmp, "alone.db")
        self.extract(DEAL, db=alone)
        self.kg("extract", "--db", self.db, "--remove", "urn:doc:" + reaction)
        self.assertEqual(self.sorted_dump(), self.sorted_dump(alone))

    def test_alias_table_merges_what_is_already_extracted(self):
        one = self.write("one.txt", "Acme Holdings signed a deal with Kenya.\n")
        two = self.write("two.txt", "AH Group opened an office in Nairobi.\n")
        self.extract(one, two)
        self.assertEqual(self.query_count(
            'SELECT (COUNT(*) AS ?n) WHERE { kg:e.AH_Group ?p ?o }') > 0, True)
        table = self.write("aliases.tsv", "# label\talias\nAcme Holdings\tAH Group\n")
        _, err = self.kg("entities", "--db", self.db, "load", table)
        self.assertIn("1 stored entities merged", err)
        out, _ = self.kg("entities", "--db", self.db, "list")
        self.assertIn("Acme Holdings\tAH Group\n", out)
        self.assertIn("# Acme Holdings\tAH Group\tthe alias table names 'AH Group' as 'Acme Holdings'\talias table", out)
        self.assertEqual(self.query_count('SELECT (COUNT(*) AS ?n) WHERE { kg:e.AH_Group ?p ?o }'), 0)
        self.assertGreaterEqual(self.query_count(
            'SELECT (COUNT(*) AS ?n) WHERE { kg:e.Acme_Holdings ?p ?o . ?p a kg:Relation }'), 2)

    def test_merge_then_split_gives_back_the_same_store(self):
        self.extract(DEAL, os.path.join(NEWS, "plastic-pledge.txt"))
        before = self.sorted_dump()
        _, err = self.kg("entities", "--db", self.db, "merge", "Laura Chen", "Ingrid Solberg",
                         "--reason", "a test of merging")
        self.assertIn("merged Ingrid Solberg <http://kg.local/ns#e.Ingrid_Solberg> -> Laura Chen", err)
        out, _ = self.kg("entities", "--db", self.db, "list")
        self.assertIn("# Laura Chen\tIngrid Solberg\ta test of merging\tuser", out)
        self.assertEqual(self.query_count(
            "SELECT (COUNT(*) AS ?n) WHERE { ?m a kg:Merge ; kg:reason ?r ; kg:origin \"user\" ; "
            "kg:created ?t ; kg:canonical kg:e.Laura_Chen ; kg:merged kg:e.Ingrid_Solberg }"), 1)
        self.assertEqual(self.query_count(
            'SELECT (COUNT(*) AS ?n) WHERE { kg:e.Laura_Chen kg:mention kg:e.Ingrid_Solberg ; '
            'kg:alias "Ingrid Solberg" }'), 1)
        self.assertEqual(self.query_count("SELECT (COUNT(*) AS ?n) WHERE { kg:e.Ingrid_Solberg ?p ?o }"), 0)
        # Ms. Solberg's statements are Laura Chen's now, with the sentences they came from
        self.assertGreaterEqual(self.query_count(
            "SELECT (COUNT(*) AS ?n) WHERE { kg:e.Laura_Chen ?p ?o . << kg:e.Laura_Chen ?p ?o >> "
            "kg:source/kg:document <urn:doc:plastic-pledge.txt> }"), 1)
        self.kg("entities", "--db", self.db, "split", "kg:e.Laura_Chen", "Ingrid Solberg")
        self.assertEqual(self.sorted_dump(), before)
        out, _ = self.kg("entities", "--db", self.db, "list")
        self.assertNotIn("# ", out)
        _, err = self.kg("entities", "--db", self.db, "split", "Laura Chen", "Ingrid Solberg", expect=1)
        self.assertIn("no merge", err)
        _, err = self.kg("entities", "--db", self.db, "merge", "Laura Chen", "Nobody Here", expect=1)
        self.assertIn("no entity named 'Nobody Here'", err)

    def test_chain_extraction_and_removal_while_merged(self):
        d1 = self.write("d1.txt", "Acme Holdings signed a deal with Kenya.\n")
        d2 = self.write("d2.txt", "AH Group opened an office in Nairobi.\n")
        d3 = self.write("d3.txt", "Acme Corp hired 200 workers in Mombasa.\n")
        d4 = self.write("d4.txt", "AH Group opened a factory in Mombasa.\n")
        self.extract(d1, d2, d3)
        self.kg("entities", "--db", self.db, "merge", "Acme Holdings", "AH Group")
        self.kg("entities", "--db", self.db, "merge", "Acme Holdings", "Acme Corp")
        # a new document naming a merged entity: its facts go onto the canonical entity
        self.extract(d4)
        self.assertEqual(self.query_count("SELECT (COUNT(*) AS ?n) WHERE { kg:e.AH_Group ?p ?o }"), 0)
        self.assertGreaterEqual(self.facts_from("kg:e.Acme_Holdings", "d4.txt"), 1)
        # splitting the first merge leaves the store of the second merge alone
        self.kg("entities", "--db", self.db, "split", "Acme Holdings", "AH Group")
        second = os.path.join(self.tmp, "second.db")
        self.extract(d1, d2, d3, d4, db=second)
        self.kg("entities", "--db", second, "merge", "Acme Holdings", "Acme Corp")
        self.assertEqual(self.sorted_dump(), self.sorted_dump(second))
        # a document removed while merged: the split gives the store without it
        self.kg("extract", "--db", self.db, "--remove", "urn:doc:d3.txt")
        self.kg("entities", "--db", self.db, "split", "Acme Holdings", "Acme Corp")
        without = os.path.join(self.tmp, "without.db")
        self.extract(d1, d2, d4, db=without)
        self.assertEqual(self.sorted_dump(), self.sorted_dump(without))
