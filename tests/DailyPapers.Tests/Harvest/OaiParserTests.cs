using System.Text;
using DailyPapers.Features.Harvest;
using DailyPapers.Features.Imports;
using DailyPapers.Features.Papers;

namespace DailyPapers.Tests.Harvest;

public sealed class OaiParserTests
{
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Page(string records, string token = "<resumptionToken/>") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2025-01-16T02:00:01Z</responseDate>
        <request verb="ListRecords">https://oaipmh.arxiv.org/oai</request>
        <ListRecords>{records}{token}</ListRecords></OAI-PMH>
        """;

    private static string Record(string id, string fields) => $"""
        <record><header><identifier>oai:arXiv.org:{id}</identifier><datestamp>2025-01-15</datestamp></header>
        <metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>{id}</id>{fields}</arXiv></metadata></record>
        """;

    public static TheoryData<string, string> BrokenDocuments => new()
    {
        { Page(Record("2501.00001", "<title>T</title><abstract>A</abstract>"))[..200], "malformed XML at line" },
        { "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><ListRecords><record>", "malformed XML at line 1" },
        { "<!DOCTYPE html>\n<html><head><title>503</title></head><body>Down</body></html>",
            "an HTML page, not an OAI-PMH response" },
        { "<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>",
            "not an OAI-PMH response: the root element is <feed> in namespace 'http://www.w3.org/2005/Atom'" },
        { "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/1.1/\"></OAI-PMH>",
            "not an OAI-PMH response: the root element is <OAI-PMH> in namespace 'http://www.openarchives.org/OAI/1.1/'"
            },
        { "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><responseDate>2025-01-16</responseDate></OAI-PMH>",
            "neither records (ListRecords, GetRecord) nor an error" },
        { "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><OAI-PMH " +
            "xmlns=\"http://www.openarchives.org/OAI/2.0/\">&b;</OAI-PMH>", "malformed XML" },
        { "", "malformed XML" },
        { Page(Record("2501.00001", "<title>Bell&#3; ringing</title><abstract>A</abstract>")), "malformed XML" },
    };

    [Theory]
    [MemberData(nameof(BrokenDocuments))]
    public void A_broken_document_is_refused_with_a_clear_error(string document, string expected)
    {
        var error = Assert.Throws<ImportFormatException>(() => OaiParser.Parse(Bytes(document)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BrokenRecords => new()
    {
        { Record("2501.00001", "<abstract>A</abstract>"), "record 1 (oai:arXiv.org:2501.00001): has no title" },
        { Record("2501.00001", "<title>T</title>"), "record 1 (oai:arXiv.org:2501.00001): has no abstract" },
        { Record("not-an-id", "<title>T</title><abstract>A</abstract>"),
            "record 1 (oai:arXiv.org:not-an-id): id 'not-an-id' is not an arXiv id" },
        { Record("2501.00001", $"<title>{new string('t', 1001)}</title><abstract>A</abstract>"),
            "title is 1001 characters; the limit is 1000" },
        { Record("2501.00001", $"<title>T</title><abstract>{new string('a', 20_001)}</abstract>"),
            "abstract is 20001 characters; the limit is 20000" },
        { Record("2501.00001", "<title>T</title><abstract>A</abstract><created>yesterday</created>"),
            "created 'yesterday' is not a date" },
        { Record("2501.00001",
            "<title>T</title><abstract>A</abstract><authors><author><affiliation>MIT</affiliation></author></authors>"),
            "author 1 has no name" },
        { "<record><header><identifier>oai:arXiv.org:2501.00001</identifier></header></record>",
            "record 1 (oai:arXiv.org:2501.00001): has no metadata" },
        { "<record><header><identifier>x</identifier></header><metadata><other " +
            "xmlns=\"urn:unknown\"/></metadata></record>",
                "unknown metadata format <other> in namespace 'urn:unknown'" },
        { Record("2501.00001", "<title>Bell&#x86; ringing</title><abstract>A</abstract>"),
            "record 1 (oai:arXiv.org:2501.00001): title contains the control character U+0086" },
        { Record("2501.00001", "<title>T</title><abstract>A</abstract>"
            + "<authors><author><keyname>Love&#x7f;lace</keyname></author></authors>"),
            "author 1 contains the control character U+007F" },
        { "<record><header><identifier>x</identifier></header><metadata>" +
            "<arXivRaw xmlns=\"http://arxiv.org/OAI/arXivRaw/\">" +
            "<id>2501.00001</id><title>T</title><abstract>A</abstract></arXivRaw></metadata></record>",
            "has no version" },
    };

    [Theory]
    [MemberData(nameof(BrokenRecords))]
    public void A_broken_record_is_skipped_with_its_reason_and_the_rest_kept(string record, string expected)
    {
        var page = OaiParser.Parse(Bytes(Page(record
            + Record("2501.00002", "<title>Good</title><abstract>Fine.</abstract>"))));

        Assert.Contains(expected, Assert.Single(page.Skipped), StringComparison.Ordinal);
        Assert.Equal("2501.00002", Assert.Single(page.Records).Id);
    }

    [Fact]
    public void Reads_the_resumption_token_with_its_cursor_and_list_size()
    {
        var page = OaiParser.Parse(Bytes(Page("",
            "<resumptionToken expirationDate=\"2025-01-17T00:00:00Z\" cursor=\"1000\" " +
                "completeListSize=\"5234\">abc|2001</resumptionToken>")));

        Assert.Equal(new OaiResumptionToken("abc|2001", 1000, 5234), page.Next);
        Assert.Equal(new DateTime(2025, 1, 16, 2, 0, 1, DateTimeKind.Utc), page.ResponseDate);
    }

    [Fact]
    public void Reads_an_error_response()
    {
        var page = OaiParser.Parse(Bytes(FixtureServer.OaiError("noRecordsMatch", "No records.")));
        Assert.Equal(new OaiError("noRecordsMatch", "No records."), page.Error);
    }

    [Fact]
    public void A_saved_response_imports_its_records_and_reports_what_it_skipped()
    {
        var warnings = new List<string>();
        var records = ImportFormats.Parse(ImportFormats.Oai, Bytes(FixtureServer.Fixture("oai-page2.xml")), null,
            default, warnings.Add);

        Assert.Equal("2501.08004", Assert.Single(records).Id);
        Assert.Equal(
        [
            "skipped record 3 (oai:arXiv.org:2501.08005): has no title",
            "skipped record 4 (oai:example.org:77): unknown metadata format <dc> in namespace " +
                "'http://www.openarchives.org/OAI/2.0/oai_dc/' (expected arXiv or arXivRaw)",
            "1 deleted record(s) ignored: oai:arXiv.org:2501.07999",
            "the list goes on (resumptionToken '7091526|2001'): use `harvest` to fetch the rest",
        ], warnings);
    }

    [Fact]
    public void A_saved_error_response_is_refused()
    {
        var error = Assert.Throws<ImportFormatException>(() =>
            ImportFormats.Parse(ImportFormats.Oai, Bytes(FixtureServer.OaiError("noRecordsMatch", "None.")), null,
            default));
        Assert.Equal("the response is an OAI-PMH error, not records: noRecordsMatch: None.", error.Message);
    }
}
