//! The command line as clap types. The doc comments are the `--help` text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// tupu (图谱): build a knowledge graph from Chinese news.
///
/// Exit codes: 0 ok; 1 some input failed or was not found; 2 usage or query
/// error; 3 store error (locked, corrupt).
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
    },
    /// Extract and print annotations (entities with mentions, relations,
    /// attributes) without storing them.
    Extract {
        /// Files (.txt or .jsonl) or directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExtractFormat::Jsonl)]
        format: ExtractFormat,
        #[command(flatten)]
        fields: JsonlFields,
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
    },
    /// Write the whole graph, or the neighbourhood of one entity.
    Export {
        /// Output format.
        #[arg(long, value_enum)]
        format: ExportFormatArg,
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
        /// Event, Place).
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
    /// installed): SVG, or PNG when --out ends in .png.
    Draw {
        /// The entity (label, alias or IRI).
        #[arg(long)]
        entity: String,
        /// Radius in hops.
        #[arg(long, default_value_t = 1)]
        depth: usize,
        /// The picture to write (.svg or .png).
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
}

/// Field names for JSON-lines input.
#[derive(Debug, Clone, Args)]
pub struct JsonlFields {
    /// JSON-lines field holding the article id.
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// JSON-lines field holding the article text.
    #[arg(long, default_value = "text")]
    pub text_field: String,
}

/// `tupu extract` output formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExtractFormat {
    /// One JSON annotation per line.
    Jsonl,
    /// A pretty-printed JSON array.
    Json,
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

/// `tupu export` formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// Turtle (default graph view).
    Turtle,
    /// TriG (named graphs per article).
    Trig,
    /// N-Quads.
    Nquads,
    /// Graphviz DOT.
    Dot,
    /// One JSON object per line per entity: iri, type, subtypes, label,
    /// aliases, articles.
    Jsonl,
}

/// `tupu export` formats as given on the command line (RDF, JSON lines and
/// DOT go through [`ExportFormat`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    /// Turtle (default graph view).
    Turtle,
    /// TriG (named graphs per article).
    Trig,
    /// N-Quads.
    Nquads,
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
    /// The whole-graph format handled by `tupu export` before graph walks
    /// existed; `None` for graphml and neo4j.
    pub fn whole_graph(self) -> Option<ExportFormat> {
        match self {
            ExportFormatArg::Turtle => Some(ExportFormat::Turtle),
            ExportFormatArg::Trig => Some(ExportFormat::Trig),
            ExportFormatArg::Nquads => Some(ExportFormat::Nquads),
            ExportFormatArg::Dot => Some(ExportFormat::Dot),
            ExportFormatArg::Jsonl => Some(ExportFormat::Jsonl),
            ExportFormatArg::Graphml | ExportFormatArg::Neo4j => None,
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
