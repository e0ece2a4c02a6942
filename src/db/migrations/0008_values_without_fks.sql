ALTER TABLE "data_values" DROP CONSTRAINT "data_values_indicator_id_indicators_id_fk";
--> statement-breakpoint
ALTER TABLE "data_values" DROP CONSTRAINT "data_values_place_id_places_id_fk";
