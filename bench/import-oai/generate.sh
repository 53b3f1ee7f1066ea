#!/usr/bin/env bash
# generate.sh N FILE: one OAI-PMH ListRecords response (metadataPrefix=arXiv) with N realistic records:
# 4-6 authors (some with suffixes and non-ASCII names), a ~900-character abstract, comments with a code link.
set -euo pipefail
n=${1:?number of records}; out=${2:?output file}
awk -v n="$n" 'BEGIN {
  print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  print "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><responseDate>2025-01-16T02:00:00Z</responseDate>"
  printf "<request verb=\"ListRecords\" metadataPrefix=\"arXiv\" set=\"cs\">"
  print "https://oaipmh.arxiv.org/oai</request><ListRecords>"
  split("Zhang|Müller|García|Øvergård|Smith|Nakamura|Dubois|Kowalski", keys, "|")
  split("Wei|Zoë|José|Åsa|John|太郎|Élodie|Piotr", fores, "|")
  sentence = "We propose a method for efficient reasoning in large language models "
  sentence = sentence "that scales test-time compute adaptively. "
  for (i = 1; i <= n; i++) {
    id = sprintf("%02d%02d.%05d", 20 + int(i / 1200000), 1 + int(i / 100000) % 12, i % 100000)
    printf "<record><header><identifier>oai:arXiv.org:%s</identifier>", id
    printf "<datestamp>2025-01-15</datestamp><setSpec>cs</setSpec></header>"
    printf "<metadata><arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\"><id>%s</id>", id
    printf "<created>2025-01-14</created><updated>2025-01-15</updated><authors>"
    for (a = 0; a < 4 + i % 3; a++) {
      printf "<author><keyname>%s</keyname><forenames>%s</forenames>%s</author>",
        keys[1 + (i + a) % 8], fores[1 + (i * 3 + a) % 8], (a == 1 && i % 10 == 0) ? "<suffix>Jr</suffix>" : ""
    }
    printf "</authors><title>Adaptive Test-Time Compute for Reasoning, Study %d</title>", i
    printf "<categories>cs.CL cs.LG</categories>"
    printf "<comments>14 pages, 6 figures. Code: https://github.com/bench-org/project-%d</comments>", i
    printf "<doi>10.1000/bench.%d</doi>", i
    printf "<license>http://creativecommons.org/licenses/by/4.0/</license><abstract>"
    for (s = 0; s < 8; s++) printf "%s", sentence
    printf "Paper %d.</abstract></arXiv></metadata></record>\n", i
  }
  print "<resumptionToken cursor=\"0\" completeListSize=\"" n "\"></resumptionToken></ListRecords></OAI-PMH>"
}' >"$out"
