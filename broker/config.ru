# Rack entry of the local Pact Broker: the official pact_broker gem on SQLite or PostgreSQL.
#
# Settings come from the environment (pact_broker reads every PACT_BROKER_* variable itself):
#   PACT_BROKER_DATABASE_URL  postgres://user:password@host:port/database: pact_broker connects
#                             to it by itself, exactly as in the official pactfoundation/pact-broker
#                             image (the `pg` gem). Without it: SQLite, in
#   PACT_BROKER_SQLITE_PATH   database file (default: ../.broker/pact_broker.sqlite3, gitignored)
#   PACT_BROKER_BASIC_AUTH_ENABLED=true with PACT_BROKER_BASIC_AUTH_USERNAME /
#   PACT_BROKER_BASIC_AUTH_PASSWORD   optional basic auth (off by default for local use)
#   PACT_BROKER_PUBLIC_HEARTBEAT=true   lets the readiness poll through without credentials
require 'fileutils'
require 'logger'
require 'sequel'
require 'pact_broker'

database_url = ENV.fetch('PACT_BROKER_DATABASE_URL', '')

app = PactBroker::App.new do |config|
  config.log_stream = 'stdout'
  # A fresh broker holds only what the pipeline publishes, not the demo pacticipants.
  config.seed_example_data = false
  if database_url.empty?
    database_path = ENV.fetch('PACT_BROKER_SQLITE_PATH') do
      File.expand_path('../.broker/pact_broker.sqlite3', __dir__)
    end
    FileUtils.mkdir_p(File.dirname(database_path))
    config.database_connection = Sequel.connect(adapter: 'sqlite', database: database_path, encoding: 'utf8')
  end
end

run app
