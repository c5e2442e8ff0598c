//! The command line as clap types. The doc comments are the `--help` text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// tupu (图谱): build a knowledge graph from Chinese news.
///
/// Exit codes: 0 ok; 1 some input failed or was not found; 2 usage or query
/// error; 3 store error (locked, corrupt; a remote store unreachable,
/// refusing the credentials or failing).
#[derive(Debug, Parser)]
#[command(name = "tupu", version, about, long_about)]
pub struct Cli {
    /// The graph store (a directory).
    #[arg(long, global = true, env = "TUPU_DB", default_value = "./tupu.db")]
    pub db: PathBuf,
    /// Print only errors (no progress, no summary).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles, extract entities and relations, store them in the graph.
    ///
    /// Without PATHS, the five bundled Chongqing Daily articles are used. An
    /// article whose content is already stored unchanged is skipped.
    Build {
        /// Files (.txt, or .jsonl with one article per line) or directories.
        paths: Vec<PathBuf>,
        #[command(flatten)]
        fields: JsonlFields,
        /// Write the statements rejected by the ontology check (a relation
        /// whose subject or object type is outside its predicate's domain or
        /// range, …) to this file, one JSON object per line.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Articles extracted in parallel and committed to the store at
        /// once (also capped at 8 MiB of text): memory grows with it, and a
        /// killed build loses at most one batch.
        #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
        batch: u32,
        /// Build into this remote SPARQL endpoint instead of the store:
        /// each article's graph is replaced there (SPARQL Update, or Graph
        /// Store PUT with --graph-store); articles it holds with the same
        /// content hash are skipped.
        #[arg(long, value_name = "URL", conflicts_with = "report")]
        store: Option<String>,
        /// With --store: the Graph Store Protocol endpoint.
        #[arg(long, value_name = "URL", requires = "store")]
        graph_store: Option<String>,
        #[command(flatten)]
        auth: RemoteAuth,
        /// With --store: requests in flight at once.
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
        jobs: u32,
        /// Known entities, one `name<TAB>Type` per line (Type: Organization,
        /// Person, Place, Park, Project, Event): each name becomes a mention
        /// wherever it occurs (longest match, not inside a longer name).
        /// Articles already stored unchanged are not re-extracted.
        #[arg(long, value_name = "FILE.tsv")]
        entities: Option<PathBuf>,
        /// Also relate mention pairs the rules left unrelated with the
        /// trained relation classifier (signedWith, worksFor + jobTitle,
        /// locatedIn): more recall on FinRE/DuIE, but only about half of
        /// what it adds to general news is right (BENCHMARKS.md).
        #[arg(long)]
        relation_classifier: bool,
        /// Storage backend of a NEW store: `file` (default; in memory,
        /// one N-Quads file per article) or `rocksdb` (on disk; needs a
        /// tupu built with `--features rocksdb`). An existing store keeps
        /// its backend, and every other command detects it.
        #[arg(long, value_name = "BACKEND")]
        backend: Option<tupu::store::Backend>,
    },
    /// Extract and print annotations (entities with mentions, relations,
    /// attributes) without storing them, or (--format nquads) the quads
    /// `tupu build` would store, one named graph per article.
    ///
    /// With --shard I/N only the articles of shard I are extracted (by a
    /// SHA-256 of the article id), so N machines can each write one shard;
    /// `tupu load` stores the shards. Without PATHS, the five bundled seed
    /// articles are used (as by `tupu build`).
    Extract {
        /// Files (.txt or .jsonl) or directories.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExtractFormat::Jsonl)]
        format: ExtractFormat,
        /// Only shard I of N (0-based, e.g. 0/4); needs --format nquads.
        #[arg(long, value_name = "I/N")]
        shard: Option<tupu::bulk::Shard>,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Articles extracted in parallel at once (--format nquads; also
        /// capped at 8 MiB of text).
        #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
        batch: u32,
        #[command(flatten)]
        fields: JsonlFields,
        /// Known entities, one `name<TAB>Type` per line (see `tupu build
        /// --help`).
        #[arg(long, value_name = "FILE.tsv")]
        entities: Option<PathBuf>,
        /// Also relate mention pairs the rules left unrelated with the
        /// trained relation classifier (more recall, less precision: see
        /// `tupu build --help`).
        #[arg(long)]
        relation_classifier: bool,
    },
    /// Load N-Quads files (from `tupu extract --format nquads` or `tupu
    /// export --format nquads`) into the store: each article's named graph
    /// replaces that article.
    ///
    /// Every file is checked first: malformed N-Quads or a graph that is not
    /// a tupu article graph is reported as FILE:LINE and nothing is stored
    /// (exit 1).
    Load {
        /// N-Quads files; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Articles committed to the store at once.
        #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
        batch: u32,
    },
    /// Write every article graph of the store (or of N-Quads files) to a
    /// remote triple store: SPARQL 1.1 Graph Store Protocol PUT per graph
    /// with --graph-store, else SPARQL Update (DROP SILENT GRAPH + INSERT
    /// DATA). Each graph is replaced, so pushing again is idempotent.
    ///
    /// Failed requests are retried with backoff on 5xx and network errors;
    /// refused credentials (401/403) and unreachable servers exit 3.
    Push {
        /// The SPARQL endpoint (query and update), e.g.
        /// http://localhost:8890/sparql.
        #[arg(long)]
        endpoint: String,
        /// A separate SPARQL Update endpoint (GraphDB:
        /// …/repositories/R/statements).
        #[arg(long, value_name = "URL")]
        update: Option<String>,
        /// The Graph Store Protocol endpoint (Virtuoso: …/sparql-graph-crud;
        /// Fuseki: …/DATASET/data; tupu serve: …/rdf-graphs).
        #[arg(long, value_name = "URL")]
        graph_store: Option<String>,
        #[command(flatten)]
        auth: RemoteAuth,
        /// Requests in flight at once.
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
        jobs: u32,
        /// Attempts per request (1 = no retry).
        #[arg(long, default_value_t = tupu::remote::DEFAULT_ATTEMPTS, value_parser = clap::value_parser!(u32).range(1..))]
        attempts: u32,
        /// The largest SPARQL Update request, in bytes (a graph larger than
        /// this is sent in several INSERT DATA requests).
        #[arg(long, default_value_t = tupu::remote::DEFAULT_MAX_UPDATE_BYTES)]
        max_update_bytes: usize,
        /// N-Quads files to push instead of the store (`-`: standard input).
        files: Vec<PathBuf>,
    },
    /// Run a SPARQL query on the graph.
    Query {
        /// The query text.
        #[arg(required_unless_present = "file", conflicts_with = "file")]
        sparql: Option<String>,
        /// Read the query from this file.
        #[arg(long)]
        file: Option<PathBuf>,
        /// Result format for SELECT and ASK (the table prints ASK as
        /// true/false; CONSTRUCT and DESCRIBE always print Turtle).
        #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
        format: QueryFormat,
        /// Query this SPARQL 1.1 Protocol endpoint instead of the store,
        /// e.g. http://localhost:8890/sparql.
        #[arg(long, value_name = "URL")]
        endpoint: Option<String>,
        #[command(flatten)]
        auth: RemoteAuth,
        /// Stop the query after this many seconds (exit 2); 0: no limit.
        #[arg(long, value_name = "SECS", default_value_t = super::deadline::DEFAULT_TIMEOUT_SECS)]
        timeout: u64,
    },
    /// Write the whole graph, or the neighbourhood of one entity.
    ///
    /// The format is --format, or else the extension of --out (.ttl, .trig,
    /// .nq, .jsonld, .jsonl, .dot/.gv, .graphml). An --out whose extension
    /// is not the format's is refused (exit 2).
    Export {
        /// Output format (default: from the --out extension).
        #[arg(long, value_enum, required_unless_present = "out")]
        format: Option<ExportFormatArg>,
        /// Write to this file instead of standard output (for neo4j: the
        /// directory that gets nodes.csv and relationships.csv).
        #[arg(long, required_if_eq("format", "neo4j"))]
        out: Option<PathBuf>,
        /// Only this entity (label, alias or IRI) and its neighbourhood
        /// (dot, graphml, neo4j).
        #[arg(long)]
        entity: Option<String>,
        /// Neighbourhood radius in hops, with --entity.
        #[arg(long, default_value_t = 1, requires = "entity")]
        depth: usize,
    },
    /// Print up to k shortest paths between two entities (relations walked
    /// either way), each hop with its relation and evidence sentence.
    ///
    /// Entities are found by label or alias (exact, then ignoring width,
    /// white space and case); exit 1 if one is unknown or no path exists.
    Path {
        /// The start entity (label, alias or IRI).
        from: String,
        /// The end entity.
        to: String,
        /// The largest number of paths.
        #[arg(long, default_value_t = 3)]
        k: usize,
        /// The longest path, in hops.
        #[arg(long, default_value_t = 4)]
        max_hops: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t = WalkFormat::Text)]
        format: WalkFormat,
    },
    /// Print the entities within --depth hops of an entity and the relations
    /// among them.
    Neighbors {
        /// The entity (label, alias or IRI).
        entity: String,
        /// Radius in hops.
        #[arg(long, default_value_t = 1)]
        depth: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t = WalkFormat::Text)]
        format: WalkFormat,
    },
    /// Rank entities by PageRank or degree centrality.
    Rank {
        /// Only entities of this type (Organization, Person, Park, Project,
        /// Event, Place) or subtype (Company, GovernmentBody, …,
        /// AdministrativeArea, Venue), case-insensitive.
        #[arg(long = "type")]
        entity_type: Option<String>,
        /// How many to print.
        #[arg(long, default_value_t = 20)]
        top: usize,
        /// Centrality measure.
        #[arg(long, value_enum, default_value_t = RankMethodArg::Pagerank)]
        method: RankMethodArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = WalkFormat::Text)]
        format: WalkFormat,
    },
    /// Print the connected components (relations taken as undirected),
    /// largest first.
    Components {
        /// How many components to list (the count covers all).
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t = WalkFormat::Text)]
        format: WalkFormat,
    },
    /// Draw an entity's neighbourhood with Graphviz (`dot` must be
    /// installed) in the format of the --out extension: .svg, .png, .pdf,
    /// .jpg/.jpeg; any other extension is refused (exit 2).
    Draw {
        /// The entity (label, alias or IRI).
        #[arg(long)]
        entity: String,
        /// Radius in hops.
        #[arg(long, default_value_t = 1)]
        depth: usize,
        /// The picture to write (.svg, .png, .pdf, .jpg or .jpeg).
        #[arg(long)]
        out: PathBuf,
    },
    /// Score extraction against gold annotations (ANNOTATION.md rules).
    Eval {
        /// Directory of gold `*.json` files.
        #[arg(long)]
        gold: PathBuf,
        /// Articles to extract and score (default: the bundled seeds).
        #[arg(conflicts_with = "system")]
        paths: Vec<PathBuf>,
        /// Score a saved `tupu extract --format jsonl` output instead.
        #[arg(long)]
        system: Option<PathBuf>,
        /// Report format.
        #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
        format: EvalFormat,
        /// Also list every false positive and false negative.
        #[arg(short, long)]
        verbose: bool,
        #[command(flatten)]
        fields: JsonlFields,
    },
    /// Print counts: articles, quads, entities per type, relations per
    /// predicate, attributes.
    Stats {
        /// Output format.
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
    },
    /// Remove articles (their named graphs) from the graph. An id the store
    /// does not have is an error (exit 1); the others are still removed.
    Remove {
        /// Article ids (file names, or JSON-lines record ids).
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Answer a question in Chinese or English from the graph, each answer
    /// with its evidence sentence and article.
    ///
    /// Questions are matched against the patterns of
    /// data/questions/patterns.json (who signed at / attended / hosted an
    /// event, what X invested in, who X signed with, where X is, job titles,
    /// dates, amounts, amount filters, counts, the connection between two
    /// entities). A question no pattern understands, or whose entities are
    /// not in the graph, exits 1 with "not understood" and the closest
    /// patterns.
    Ask {
        /// The question, e.g. 哪些公司在2021智博会上签约？
        question: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = AskFormat::Text)]
        format: AskFormat,
        /// Also print the SPARQL that was run.
        #[arg(long)]
        explain: bool,
        /// Answer from this SPARQL 1.1 Protocol endpoint instead of the
        /// store (the entity index is fetched with one query).
        #[arg(long, value_name = "URL")]
        endpoint: Option<String>,
        #[command(flatten)]
        auth: RemoteAuth,
        /// Stop answering after this many seconds (exit 2); 0: no limit.
        #[arg(long, value_name = "SECS", default_value_t = super::deadline::DEFAULT_TIMEOUT_SECS)]
        timeout: u64,
    },
    /// Serve the graph over HTTP: a SPARQL 1.1 Protocol endpoint (/sparql),
    /// questions (/ask), entity pages (/entity/ID) and a web explorer (/).
    ///
    /// Read-only unless started with --allow-update --token T. The store is
    /// reloaded when a writer (tupu build) changes it; requests keep being
    /// answered meanwhile.
    Serve {
        /// The address to listen on (host:port; port 0 picks a free port).
        #[arg(long, default_value = tupu::serve::DEFAULT_BIND)]
        bind: String,
        /// Accept SPARQL updates that carry `Authorization: Bearer TOKEN`
        /// (they change the served snapshot in memory only, not the store).
        #[arg(long, requires = "token")]
        allow_update: bool,
        /// The bearer token of updates (with --allow-update).
        #[arg(long, env = "TUPU_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Cancel a query after this many milliseconds (answer 503).
        #[arg(long, default_value_t = tupu::serve::DEFAULT_TIMEOUT_MS)]
        timeout_ms: u64,
        /// Cut an answer after this many rows or triples (the response then
        /// carries the header x-tupu-truncated: N).
        #[arg(long, default_value_t = tupu::serve::DEFAULT_MAX_RESULTS)]
        max_results: usize,
        /// Check the store for changes every this many milliseconds.
        #[arg(long, default_value_t = tupu::serve::DEFAULT_RELOAD_MS)]
        reload_ms: u64,
        /// Run at most this many queries at once (default: twice the CPU
        /// cores); others wait within their deadline.
        #[arg(long)]
        max_concurrent: Option<usize>,
        /// Close a connection whose request headers have not all arrived
        /// after this many milliseconds (slow clients).
        #[arg(long, default_value_t = tupu::serve::DEFAULT_HEADER_TIMEOUT_MS, value_parser = clap::value_parser!(u64).range(1..))]
        header_timeout_ms: u64,
        /// Fail a request whose body pauses longer than this many
        /// milliseconds between two chunks.
        #[arg(long, default_value_t = tupu::serve::DEFAULT_BODY_TIMEOUT_MS, value_parser = clap::value_parser!(u64).range(1..))]
        body_timeout_ms: u64,
        /// Keep at most this many connections open; further clients wait
        /// in the listen queue (keep it under the open-file limit, `ulimit
        /// -n`).
        #[arg(long, default_value_t = tupu::serve::DEFAULT_MAX_CONNECTIONS, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
        max_connections: usize,
    },
    /// Explain an entity's IRI: its labels and aliases, and for each
    /// article the names used there, the resolution rule that mapped them to
    /// the IRI, and the evidence sentences of its statements.
    ///
    /// The entity is found by IRI (or `id:Type/name`), label, alias or a
    /// name some article used; exit 2 if none has it.
    Explain {
        /// The entity (label, alias, name in an article, or IRI).
        entity: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = WalkFormat::Text)]
        format: WalkFormat,
    },
    /// Train a model (see `tupu train ner --help`).
    #[command(subcommand)]
    Train(TrainCommand),
    /// Score the NER model on public benchmarks: entity-level exact-match
    /// precision, recall and F1 (CoNLL convention) per type and micro total.
    ///
    /// Test splits: MSRA test, People's Daily 1998 test, Resume test, Weibo
    /// test; CLUENER2020 dev (its test is unlabelled), scored on name,
    /// organization, government, company, position and address only, mapped
    /// to PER, ORG (three labels), TITLE and LOC.
    BenchNer {
        /// Which benchmark.
        #[arg(long, value_enum, default_value_t = NerBenchmark::All)]
        benchmark: NerBenchmark,
        /// A model file written by `tupu train ner` (default: the bundled
        /// model).
        #[arg(long)]
        model: Option<PathBuf>,
        /// The benchmarks directory (one folder per corpus), e.g. the
        /// shared inputs' `benchmarks/ner`; no default.
        #[arg(long, env = "TUPU_NER_BENCHMARKS")]
        root: Option<PathBuf>,
        /// Report format.
        #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
        format: EvalFormat,
        /// Score the whole extraction pipeline instead of the model alone:
        /// each test sentence is extracted as an article and the mentions
        /// of its persons, organisations and places (and parks, as LOC) are
        /// scored by exact span (`tupu::bench::ner`).
        #[arg(long, conflicts_with = "model")]
        pipeline: bool,
    },
    /// Score relation extraction on public benchmarks: FinRE 签约 against
    /// signedWith; DuIE 董事长 against worksFor + jobTitle and 总部地点
    /// against locatedIn (recall, precision, false-positive rate on pairs
    /// with another gold relation; rules in `src/bench/re.rs`).
    BenchRe {
        /// Which benchmark.
        #[arg(long, value_enum, default_value_t = ReBenchmark::All)]
        benchmark: ReBenchmark,
        /// The split (default: FinRE test, DuIE dev; FinRE has
        /// train/valid/test, DuIE train/dev).
        #[arg(long)]
        split: Option<String>,
        /// The directory holding finre/ and duie/.
        #[arg(long, default_value = "../shared/benchmarks/re")]
        data: PathBuf,
        /// Report format.
        #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
        format: EvalFormat,
        /// Also list every missed pair and wrong statement.
        #[arg(short, long)]
        verbose: bool,
        /// given: the gold pairs' names are supplied as known entities (the
        /// relation-classification protocol); extracted: tupu finds the
        /// entities itself (end to end); both: one table each.
        #[arg(long, value_enum, default_value_t = ReProtocol::Both)]
        entities: ReProtocol,
        /// Relations from the rules only, without the trained relation
        /// classifier (for before/after comparisons).
        #[arg(long)]
        no_classifier: bool,
    },
}

/// `tupu bench-re --entities`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReProtocol {
    /// The gold pair's names are given to the extractor.
    Given,
    /// The extractor finds the entities (end to end).
    Extracted,
    /// Both protocols.
    Both,
}

/// `tupu bench-re` benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReBenchmark {
    /// FinRE (签约 → signedWith).
    Finre,
    /// DuIE (董事长 → worksFor + jobTitle, 总部地点 → locatedIn).
    Duie,
    /// Both.
    All,
}

/// `tupu train` subcommands.
#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// Train the relation classifier (averaged perceptron over mention
    /// pairs) on FinRE train and DuIE train; thresholds are chosen on FinRE
    /// valid and a held-out tail of DuIE train, never on FinRE test or
    /// DuIE dev. Reproducible: the same data, options and seed give the
    /// same model bytes.
    Re(TrainReOptions),
    /// Train the character NER model (averaged perceptron) on the TRAIN
    /// splits of public corpora and write a compressed model file.
    ///
    /// Training is reproducible: the same corpora, options and seed give
    /// the same model bytes.
    Ner {
        /// A training corpus: msra, cluener, resume, weibo or news (tupu's
        /// annotated stories, `news=data/news-gold`: `stories.jsonl` and
        /// `gold/`), optionally with its folder (`msra=/data/msra`);
        /// repeatable.
        #[arg(long = "corpus", required = true)]
        corpora: Vec<String>,
        /// Passes over the training data.
        #[arg(long, default_value_t = 8)]
        epochs: usize,
        /// Seed of the shuffle of each epoch.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Keep only features seen at least this often in training.
        #[arg(long, default_value_t = 2)]
        min_count: u32,
        /// Drop features whose averaged weights are all below this.
        #[arg(long, default_value_t = 0.05)]
        prune: f32,
        /// Hold out this fraction (the end) of each training corpus and
        /// score it, with the dev splits of People's Daily, Resume and
        /// Weibo, after every epoch (to choose the number of epochs).
        #[arg(long, default_value_t = 0.0)]
        holdout: f64,
        /// Train general weights only, without the per-corpus copies of
        /// every feature (domain adaptation, see `tupu::ner::model`).
        #[arg(long)]
        plain: bool,
        /// Do not add the events, parks and projects the rules find in the
        /// benchmark corpora as loose (partial) labels: the benchmarks then
        /// teach that those characters are outside any name.
        #[arg(long)]
        no_rule_loose: bool,
        /// Train on every sentence of the news corpus this many times per
        /// epoch (it is small beside the benchmarks).
        #[arg(long, default_value_t = 1)]
        news_repeat: usize,
        /// The benchmarks directory (one folder per corpus), e.g. the
        /// shared inputs' `benchmarks/ner`; no default.
        #[arg(long, env = "TUPU_NER_BENCHMARKS")]
        root: Option<PathBuf>,
        /// Where to write the model.
        #[arg(long)]
        out: PathBuf,
    },
}

/// Options of `tupu train re`.
#[derive(Debug, Clone, Args)]
pub struct TrainReOptions {
    /// The directory holding finre/ and duie/.
    #[arg(long, default_value = "../shared/benchmarks/re")]
    pub data: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 5)]
    pub epochs: usize,
    /// Seed of the shuffle of each epoch.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Drop features whose averaged weight is at most this (absolute).
    #[arg(long, default_value_t = 0.05)]
    pub prune: f32,
    /// The tail fraction of DuIE train held out to choose the employment
    /// and location thresholds (FinRE valid chooses the signing one).
    #[arg(long, default_value_t = 0.2)]
    pub holdout: f64,
    /// Each threshold maximises F1 on the development data among those
    /// with at least this precision.
    #[arg(long, default_value_t = 0.8)]
    pub min_precision: f64,
    /// Where to write the model.
    #[arg(long)]
    pub out: PathBuf,
}

/// `tupu bench-ner` benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NerBenchmark {
    /// MSRA test (PER, ORG, LOC).
    Msra,
    /// People's Daily 1998 test (PER, ORG, LOC).
    Pd1998,
    /// CLUENER2020 dev (six labels mapped to PER, ORG, LOC, TITLE).
    Cluener,
    /// Resume test (NAME, ORG, LOC, TITLE).
    Resume,
    /// Weibo test (PER.NAM, ORG.NAM, LOC.NAM + GPE.NAM).
    Weibo,
    /// All five.
    All,
}

/// Credentials for a remote endpoint (`push`, `query --endpoint`, `ask
/// --endpoint`).
#[derive(Debug, Clone, Args)]
pub struct RemoteAuth {
    /// HTTP Basic user name (with --password).
    #[arg(long, requires = "password", conflicts_with = "token")]
    pub user: Option<String>,
    /// HTTP Basic password.
    #[arg(
        long,
        env = "TUPU_REMOTE_PASSWORD",
        hide_env_values = true,
        requires = "user"
    )]
    pub password: Option<String>,
    /// Bearer token (tupu serve --token, QLever access token, …).
    #[arg(long, env = "TUPU_REMOTE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}

impl RemoteAuth {
    /// The library's [`tupu::remote::Auth`].
    pub fn auth(&self) -> tupu::remote::Auth {
        match (&self.user, &self.password, &self.token) {
            (Some(user), Some(password), _) => tupu::remote::Auth::Basic {
                user: user.clone(),
                password: password.clone(),
            },
            (_, _, Some(t)) => tupu::remote::Auth::Bearer(t.clone()),
            _ => tupu::remote::Auth::None,
        }
    }
}

/// Field names for JSON-lines input, and the input limits.
#[derive(Debug, Clone, Args)]
pub struct JsonlFields {
    /// JSON-lines field holding the article id.
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// JSON-lines field holding the article text.
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// Largest article accepted, in bytes (a text file, or a JSON-lines
    /// record's text as UTF-8); a larger one is reported as
    /// `FILE[:LINE]: … exceeds the article size limit` and skipped.
    #[arg(long, value_name = "BYTES", default_value_t = tupu::document::DEFAULT_MAX_ARTICLE_BYTES)]
    pub max_article_bytes: usize,
    /// Longest line accepted, in bytes (a JSON-lines record, or a line of a
    /// text article); a longer one is reported as `FILE:LINE: … exceeds
    /// the line length limit` and skipped.
    #[arg(long, value_name = "BYTES", default_value_t = tupu::document::DEFAULT_MAX_LINE_BYTES)]
    pub max_line_bytes: usize,
    /// Skip empty inputs (a file, or a JSON-lines record's text, that is
    /// empty or only white space) with a warning on stderr instead of
    /// counting them as failed: a corpus with empty records then builds
    /// with exit 0, also on re-runs. Without it an empty input is an error
    /// (exit 1), since it usually means a wrong `--text-field`.
    #[arg(long)]
    pub skip_empty: bool,
}

/// `tupu extract` output formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExtractFormat {
    /// One JSON annotation per line.
    Jsonl,
    /// A pretty-printed JSON array.
    Json,
    /// N-Quads: the quads `tupu build` stores, one named graph per article.
    Nquads,
}

/// `tupu query` result formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum QueryFormat {
    /// An aligned table.
    Table,
    /// SPARQL results JSON.
    Json,
    /// SPARQL results CSV.
    Csv,
    /// SPARQL results TSV.
    Tsv,
}

/// `tupu export` formats as given on the command line (the whole-graph
/// ones go through [`tupu::export::ExportFormat`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    /// Turtle (default graph view).
    Turtle,
    /// TriG (named graphs per article).
    Trig,
    /// N-Quads.
    Nquads,
    /// JSON-LD 1.1 (named graphs per article).
    Jsonld,
    /// Graphviz DOT (whole graph, or --entity's neighbourhood).
    Dot,
    /// One JSON object per line per entity: iri, type, subtypes, label,
    /// aliases, articles.
    Jsonl,
    /// GraphML (Gephi, yEd, NetworkX).
    Graphml,
    /// Neo4j import CSV: nodes.csv and relationships.csv in the --out
    /// directory.
    Neo4j,
}

impl ExportFormatArg {
    /// The library format of a whole-graph export; `None` for neo4j, which
    /// writes a directory.
    pub fn library(self) -> Option<tupu::export::ExportFormat> {
        use tupu::export::ExportFormat as F;
        Some(match self {
            ExportFormatArg::Turtle => F::Turtle,
            ExportFormatArg::Trig => F::TriG,
            ExportFormatArg::Nquads => F::NQuads,
            ExportFormatArg::Jsonld => F::JsonLd,
            ExportFormatArg::Dot => F::Dot,
            ExportFormatArg::Jsonl => F::Jsonl,
            ExportFormatArg::Graphml => F::GraphMl,
            ExportFormatArg::Neo4j => return None,
        })
    }

    /// The command-line format of a library format.
    pub fn from_library(f: tupu::export::ExportFormat) -> ExportFormatArg {
        use tupu::export::ExportFormat as F;
        match f {
            F::Turtle => ExportFormatArg::Turtle,
            F::TriG => ExportFormatArg::Trig,
            F::NQuads => ExportFormatArg::Nquads,
            F::JsonLd => ExportFormatArg::Jsonld,
            F::Dot => ExportFormatArg::Dot,
            F::Jsonl => ExportFormatArg::Jsonl,
            F::GraphMl => ExportFormatArg::Graphml,
        }
    }
}

/// Output formats of `path`, `neighbors`, `rank`, `components`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WalkFormat {
    /// Human-readable text.
    Text,
    /// One pretty-printed JSON object.
    Json,
}

/// `tupu rank` measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RankMethodArg {
    /// PageRank over the directed relations.
    Pagerank,
    /// Number of distinct neighbours / (n - 1).
    Degree,
}

/// `tupu stats` formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatsFormat {
    /// Aligned plain-text tables.
    Text,
    /// One JSON object.
    Json,
}

/// `tupu eval` report formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EvalFormat {
    /// Aligned plain-text tables.
    Text,
    /// The report as JSON.
    Json,
}

/// `tupu ask` output formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AskFormat {
    /// Numbered answers with their evidence.
    Text,
    /// `{"question", "answers": [{"name"|"value", "iri", "evidence"}], "sparql"}`.
    Json,
}
