//! Where training, evaluation, benchmarks and data builds look for the
//! shared corpora and gold sets when no option says otherwise: the `shared/`
//! folder beside the checkout. Each has an option and an environment
//! variable. Coding news never reads any of them: everything it needs ships
//! under `data/`.

pub const SHARED_DATA: &str = "../shared/data";
pub const SEED: &str = "../shared/examples/seed";
pub const UD_EWT: &str = "../shared/data/corpora/ud_english_ewt";
pub const CONLL2003: &str = "../shared/data/corpora/conll2003_en";
pub const UNER_EWT: &str = "../shared/data/corpora/uner_english_ewt";
pub const TIMEBANK_AQUAINT: &str = "../shared/data/temporal/TBAQ-cleaned";
pub const MEANTIME: &str = "../shared/data/temporal/meantime_en";
pub const NGEC: &str = "../shared/data/ngec";
pub const GEOPARSING: &str = "../shared/data/geoparsing";
