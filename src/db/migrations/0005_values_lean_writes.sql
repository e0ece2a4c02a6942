-- The id column (and its primary key) goes before (value_id, version) becomes the key.
ALTER TABLE "data_value_versions" DROP CONSTRAINT "data_value_versions_value_id_data_values_id_fk";
--> statement-breakpoint
ALTER TABLE "data_values" DROP CONSTRAINT "data_values_partnership_id_partnerships_id_fk";
--> statement-breakpoint
ALTER TABLE "data_values" DROP CONSTRAINT "data_values_round_id_collection_rounds_id_fk";
--> statement-breakpoint
ALTER TABLE "data_values" DROP CONSTRAINT "data_values_organisation_id_organisations_id_fk";
--> statement-breakpoint
DROP INDEX "data_value_versions_value_version_key";--> statement-breakpoint
DROP INDEX "data_value_versions_recorded_idx";--> statement-breakpoint
DROP INDEX "data_values_round_idx";--> statement-breakpoint
ALTER TABLE "data_value_versions" DROP COLUMN "id";--> statement-breakpoint
ALTER TABLE "data_value_versions" ADD CONSTRAINT "data_value_versions_pkey" PRIMARY KEY("value_id","version");