<?php
/**
 * load-fixtures.php - save every page listed in DIR/pages.tsv (FILE<TAB>TITLE)
 * with the text of DIR/FILE, as edit.php would, but in one PHP process
 * (one edit.php a page costs a PHP start-up each). Run by mw-harness through
 * MediaWiki's maintenance/runScript.php:
 *
 *   MW_CONFIG_FILE=... php /usr/share/mediawiki/maintenance/runScript.php \
 *       tests/integration/load-fixtures.php tests/integration/fixtures
 */

use MediaWiki\MediaWikiServices;

class SkillsbotLoadFixtures extends Maintenance {
	public function __construct() {
		parent::__construct();
		$this->addDescription( 'Load the skillsbot integration test fixtures' );
		$this->addArg( 'dir', 'The folder that holds pages.tsv' );
	}

	public function execute() {
		$dir = $this->getArg( 0 );
		$lines = file( "$dir/pages.tsv", FILE_IGNORE_NEW_LINES );
		if ( $lines === false ) {
			$this->fatalError( "cannot read $dir/pages.tsv" );
		}
		$user = User::newSystemUser( User::MAINTENANCE_SCRIPT_USER, [ 'steal' => true ] );
		$factory = MediaWikiServices::getInstance()->getWikiPageFactory();
		foreach ( $lines as $n => $line ) {
			if ( $line === '' || $line[0] === '#' ) {
				continue;
			}
			$parts = explode( "\t", $line, 2 );
			if ( count( $parts ) !== 2 ) {
				$this->fatalError( "$dir/pages.tsv:" . ( $n + 1 ) . ": want FILE<TAB>TITLE" );
			}
			[ $file, $titleText ] = $parts;
			$text = file_get_contents( "$dir/$file" );
			$title = Title::newFromText( $titleText );
			if ( $text === false || !$title ) {
				$this->fatalError( "$dir/pages.tsv:" . ( $n + 1 ) . ": bad file or title" );
			}
			$page = $factory->newFromTitle( $title );
			$content = ContentHandler::makeContent( $text, $title );
			$status = $page->doUserEditContent( $content, $user, "test fixture $file" );
			if ( !$status->isOK() ) {
				$this->fatalError( "$titleText: " . $status->getWikiText( false, false, 'en' ) );
			}
			// Links tables (embeddedin) are written by deferred updates.
			DeferredUpdates::doUpdates();
			$this->output( "$titleText\n" );
		}
	}
}

$maintClass = SkillsbotLoadFixtures::class;
require_once RUN_MAINTENANCE_IF_MAIN;
